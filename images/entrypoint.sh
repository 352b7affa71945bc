#!/bin/sh
# The image's entry point: `vipr run` with the image's defaults (VIPR_CONFIG, VIPR_SAVED_CONFIG,
# VIPR_SOCKET from the Dockerfile), extra options passed through; a command instead of options runs
# that command (`vipr check …`, `sh`).
case "${1-}" in
  '' | -*) exec vipr run "$@" ;;
  *) exec "$@" ;;
esac
