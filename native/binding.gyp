{
  "targets": [
    {
      "target_name": "vipr_packet",
      "sources": ["vipr_packet.c"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror"]
    }
  ]
}
