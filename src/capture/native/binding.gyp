{
  "targets": [
    {
      "target_name": "netlens_pcap",
      "sources": ["netlens_pcap.c"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS=='win'", {
          "include_dirs": ["<!(echo %NPCAP_SDK%)/Include"],
          "libraries": ["-l<!(echo %NPCAP_SDK%)/Lib/x64/wpcap.lib"]
        }, {
          "libraries": ["-lpcap"],
          "cflags": ["-std=gnu11", "-Wall", "-Wextra"]
        }]
      ]
    }
  ]
}
