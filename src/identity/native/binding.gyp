{
  "targets": [
    {
      "target_name": "netlens_identity",
      "sources": ["netlens_identity.c", "sockets_linux.c", "sockets_darwin.c", "sockets_win.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-std=gnu11", "-Wall", "-Wextra"] },
      "conditions": [["OS=='win'", { "libraries": ["iphlpapi.lib", "ws2_32.lib"] }]]
    }
  ]
}
