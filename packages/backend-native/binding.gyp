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
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except_all"],
      "defines": ["NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-fexceptions", "-fno-trapping-math", "-fno-math-errno"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
