{
  "targets": [
    {
      "target_name": "signflow_native",
      "sources": [
        "native/addon.cc",
        "native/dnnl_context.cc",
        "native/conv.cc",
        "native/matmul.cc",
        "native/batchnorm.cc",
        "native/pooling.cc",
        "native/elementwise.cc",
        "native/reduce.cc",
        "native/layout.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_CPP_EXCEPTIONS_ALL"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-fexceptions", "-fno-trapping-math", "-fno-math-errno"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
