{
  "targets": [
    {
      "target_name": "signflow_infer",
      "sources": ["native/engine.c", "native/addon.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-std=gnu11", "-O3", "-fopenmp", "-ffp-contract=off"],
      "libraries": ["-fopenmp"]
    }
  ]
}
