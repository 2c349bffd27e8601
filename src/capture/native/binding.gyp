{
  "targets": [
    {
      "target_name": "netlens_pcap",
      "sources": ["netlens_pcap.c", "capture_open.c"],
      "defines": ["NAPI_VERSION=8"],
      "libraries": ["-lpcap"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-std=gnu11", "-Wall", "-Wextra"] }
    }
  ]
}
