{
  "targets": [
    {
      "target_name": "hnsw",
      "sources": ["hnsw.cpp"],
      "include_dirs": [
        "<!@(node -p \"require('node-addon-api').include\")",
        "../node_modules/usearch/include"
      ],
      "dependencies": ["<!(node -p \"require('node-addon-api').gyp\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "USEARCH_USE_OPENMP=0"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++14"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-Wno-unknown-pragmas", "-Wno-maybe-uninitialized"],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "CLANG_CXX_LANGUAGE_STANDARD": "c++17" }
    }
  ]
}
