# netlens_pcap.node (the Node-API binding) and netlens-capture (the capture helper) share capture_open.c.
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
  ],
  "conditions": [
    [
      "OS!='win'",
      {
        "targets": [
          {
            # the privileged capture helper (helper_privileges.h): a plain program, no Node-API; a hardened build
            "target_name": "netlens-capture",
            "type": "executable",
            "sources": ["netlens_capture.c", "capture_open.c", "helper_args.c", "helper_privileges.c", "pcapng_out.c"],
            "libraries": ["-lpcap"],
            "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-O2", "-fPIE", "-fstack-protector-strong", "-D_FORTIFY_SOURCE=2"],
            "ldflags": ["-pie", "-Wl,-z,relro,-z,now"],
            "xcode_settings": {
              "OTHER_CFLAGS": ["-std=gnu11", "-Wall", "-Wextra", "-O2", "-fstack-protector-strong", "-D_FORTIFY_SOURCE=2"]
            }
          }
        ]
      }
    ]
  ]
}
