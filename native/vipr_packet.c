/*
 * vipr_packet: raw Ethernet frame I/O and link-change notification for vipr's Linux data plane.
 *
 * Why native: Node has no AF_PACKET or AF_NETLINK sockets, and HSRP/VRRP frames must go out byte for
 * byte as Cisco sends them (the Active router's hellos sourced from the virtual MAC, TTL 1/255, DSCP
 * CS6), which only a raw link-layer socket allows (DESIGN D3). Everything policy-like (the BPF program,
 * the multicast MACs, what to do on errors) lives in TypeScript (src/dataplane/linux/); this file only
 * wraps the system calls and delivers readiness through libuv, so the event loop never blocks.
 *
 * Exports:
 *   interfaceInfo(name)  -> { ifindex, mac, hwType, flags }  (netdevice(7) ioctls; throws ENODEV)
 *   class PacketSocket(ifindex, { filter?, multicast? }, onFrames(frames[]), onError(err))
 *     send(frame), close(), ref(), unref()
 *   class LinkWatcher(onLinks(changedIfindexes[], overrun, deletedIfindexes[]))
 *     close(), ref(), unref()
 * Every failing system call becomes a JS Error whose `code` is the errno name (EPERM, ENODEV, ...),
 * `errno` is the negated number (as Node's own errors) and `syscall` names the call.
 */
#include <node_api.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* Large enough for any frame the kernel can hand a packet socket on a 64 KiB MTU, plus a VLAN tag. */
#define RX_BUFFER 65536
/* Frames read per readiness callback: bounds the time spent in one callback so timers keep running;
 * the poll is level-triggered, so what is left is read on the next loop iteration. */
#define RX_BATCH 64

#define CHECK(call)                                                                                  \
  do {                                                                                               \
    if ((call) != napi_ok) return NULL;                                                              \
  } while (0)

/* ------------------------------------------------------------------------------------------------ */
/* Errors */

/* The symbolic name of an errno, as Node reports it in `err.code`. glibc >= 2.32 has
 * strerrorname_np(3); a short table covers other C libraries for the errors this file can meet. */
static const char *errno_name(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  const char *name = strerrorname_np(err);
  if (name != NULL) return name;
#else
  switch (err) {
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ENODEV: return "ENODEV";
    case ENXIO: return "ENXIO";
    case ENETDOWN: return "ENETDOWN";
    case EAGAIN: return "EAGAIN";
    case ENOBUFS: return "ENOBUFS";
    case EMSGSIZE: return "EMSGSIZE";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EMFILE: return "EMFILE";
  }
#endif
  return "EUNKNOWN";
}

static napi_value errno_error(napi_env env, int err, const char *syscall, const char *detail) {
  char text[256];
  snprintf(text, sizeof text, "%s%s%s: %s (%s)", syscall, detail[0] ? " " : "", detail, strerror(err), errno_name(err));
  napi_value code, message, error, number, call;
  CHECK(napi_create_string_utf8(env, errno_name(err), NAPI_AUTO_LENGTH, &code));
  CHECK(napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message));
  CHECK(napi_create_error(env, code, message, &error));
  CHECK(napi_create_int32(env, -err, &number));
  CHECK(napi_set_named_property(env, error, "errno", number));
  CHECK(napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &call));
  CHECK(napi_set_named_property(env, error, "syscall", call));
  return error;
}

static napi_value throw_errno(napi_env env, int err, const char *syscall, const char *detail) {
  napi_value error = errno_error(env, err, syscall, detail);
  if (error != NULL) napi_throw(env, error);
  return NULL;
}

static napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

/* ------------------------------------------------------------------------------------------------ */
/* interfaceInfo(name): netdevice(7) ioctls on a throwaway AF_UNIX socket (any socket family reaches
 * dev_ioctl, and AF_UNIX needs no capability and exists even where IPv4 is compiled out). The answer
 * is for the calling thread's network namespace, whatever /sys happens to be mounted from. */

static napi_value interface_info(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], ifr.ifr_name, sizeof ifr.ifr_name, &len) != napi_ok)
    return throw_type(env, "interfaceInfo(name): name must be a string");
  if (len == 0 || len >= IFNAMSIZ) return throw_type(env, "interfaceInfo(name): a Linux device name has 1 to 15 bytes");
  char name[IFNAMSIZ];
  memcpy(name, ifr.ifr_name, sizeof name);

  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket", "AF_UNIX");
  int ifindex, flags, hw_type;
  unsigned char mac[6];
  if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) goto fail;
  ifindex = ifr.ifr_ifindex;
  /* ifr_flags is a short: IFF_LOWER_UP (bit 16) does not fit, but IFF_RUNNING is what we need - the
   * kernel sets it exactly when operstate is UP or UNKNOWN (RFC 2863), so it is already clear for a
   * macvlan whose lower device lost carrier (LOWERLAYERDOWN) or a veth whose peer is down. */
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) goto fail;
  flags = (unsigned short)ifr.ifr_flags;
  if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) goto fail;
  hw_type = ifr.ifr_hwaddr.sa_family;
  memcpy(mac, ifr.ifr_hwaddr.sa_data, sizeof mac);
  close(fd);

  napi_value result, v;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_int32(env, ifindex, &v));
  CHECK(napi_set_named_property(env, result, "ifindex", v));
  CHECK(napi_create_int32(env, flags, &v));
  CHECK(napi_set_named_property(env, result, "flags", v));
  CHECK(napi_create_int32(env, hw_type, &v));
  CHECK(napi_set_named_property(env, result, "hwType", v));
  CHECK(napi_create_buffer_copy(env, sizeof mac, mac, NULL, &v));
  CHECK(napi_set_named_property(env, result, "mac", v));
  return result;

fail:;
  int err = errno;
  close(fd);
  return throw_errno(env, err, "ioctl", name);
}

/* ------------------------------------------------------------------------------------------------ */
/* A file descriptor watched by libuv, wrapped by a JS object (PacketSocket or LinkWatcher).
 *
 * Lifetime: while open, a strong reference to the JS object keeps it (and its callbacks) alive even if
 * JS drops it, because the kernel may still deliver. close() stops the poll and drops that reference;
 * the fd is closed in uv_close's callback (libuv wants the handle stopped before the fd goes away).
 * The C struct is freed once both the handle is closed and the JS wrapper was collected. */

typedef enum { KIND_PACKET, KIND_LINK } kind_t;

typedef struct watcher {
  kind_t kind;
  int fd;
  int open;          /* poll running, fd valid */
  int empty_errors;  /* POLLERRs in a row that carried no socket error */
  int handle_live;   /* uv_poll_init done and uv_close callback not yet run */
  int wrapper_live;  /* JS object not yet finalized */
  napi_env env;
  napi_ref self;
  napi_ref on_data;
  napi_ref on_error;
  napi_async_context async;
  uv_poll_t poll;
  unsigned char *buf;
} watcher_t;

static void watcher_free_if_done(watcher_t *w) {
  if (w->handle_live || w->wrapper_live) return;
  free(w->buf);
  free(w);
}

static void on_handle_closed(uv_handle_t *handle) {
  watcher_t *w = handle->data;
  close(w->fd);
  w->fd = -1;
  w->handle_live = 0;
  watcher_free_if_done(w);
}

static void watcher_stop(watcher_t *w) {
  if (!w->open) return;
  w->open = 0;
  uv_close((uv_handle_t *)&w->poll, on_handle_closed);
  napi_env env = w->env;
  napi_delete_reference(env, w->on_data);
  napi_delete_reference(env, w->on_error);
  napi_async_destroy(env, w->async);
  napi_delete_reference(env, w->self);
  w->on_data = w->on_error = w->self = NULL;
}

static void watcher_finalize(napi_env env, void *data, void *hint) {
  watcher_t *w = data;
  /* Only reached for an open watcher when the environment itself is torn down (worker exit). */
  if (w->open) {
    w->open = 0;
    uv_close((uv_handle_t *)&w->poll, on_handle_closed);
  }
  w->wrapper_live = 0;
  watcher_free_if_done(w);
}

/* Calls a stored callback from a libuv callback: napi_make_callback runs the microtask queue and
 * process.nextTick afterwards, as for any Node I/O callback. An exception thrown by JS is treated as
 * Node treats one from an I/O callback: it goes to 'uncaughtException'. */
static void call_js(watcher_t *w, napi_ref fn_ref, size_t argc, napi_value *argv) {
  napi_env env = w->env;
  napi_value fn, recv;
  if (fn_ref == NULL || napi_get_reference_value(env, fn_ref, &fn) != napi_ok || fn == NULL) return;
  if (napi_get_reference_value(env, w->self, &recv) != napi_ok || recv == NULL) napi_get_undefined(env, &recv);
  napi_status status = napi_make_callback(env, w->async, recv, fn, argc, argv, NULL);
  if (status == napi_pending_exception) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_fatal_exception(env, exception);
  }
}

static void report_errno(watcher_t *w, int err, const char *syscall) {
  napi_value error = errno_error(w->env, err, syscall, "");
  if (error != NULL) call_js(w, w->on_error, 1, &error);
}

/* libuv treats POLLERR as fatal: it stops the poll handle and calls back with UV_EBADF. But a packet
 * socket raises POLLERR for passing conditions too: the kernel stores ENETDOWN in sk_err when the
 * device goes down and ENODEV when it is unregistered (packet_notifier in net/packet/af_packet.c), and
 * a netlink socket stores ENOBUFS on overrun. Reading SO_ERROR (socket(7)) returns and clears that
 * error; the poll is then started again. Returns the socket error, or -1 when the socket itself is
 * unusable (the poll stays stopped). A POLLERR with no socket error, twice in a row, is treated as
 * unusable too, so a persistent condition cannot make the loop spin. */
static int rearm_after_pollerr(watcher_t *w, uv_poll_cb cb) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(w->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return -1;
  if (err == 0 && w->empty_errors++ > 0) return -1;
  if (err != 0) w->empty_errors = 0;
  if (uv_poll_start(&w->poll, UV_READABLE, cb) < 0) return -1;
  return err;
}

static void report_poll_failure(watcher_t *w, int status) {
  napi_env env = w->env;
  napi_value error, code, message;
  napi_create_string_utf8(env, uv_err_name(status), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, "the socket can no longer be polled", NAPI_AUTO_LENGTH, &message);
  if (napi_create_error(env, code, message, &error) == napi_ok) call_js(w, w->on_error, 1, &error);
}

/* packet(7): recvmsg with PACKET_AUXDATA. Drains up to RX_BATCH frames into one JS array. */
static void on_packet_readable(uv_poll_t *handle, int status, int events) {
  watcher_t *w = handle->data;
  napi_env env = w->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  if (status < 0) {
    int err = rearm_after_pollerr(w, on_packet_readable);
    if (err < 0) report_poll_failure(w, status);
    else if (err > 0) report_errno(w, err, "recvmsg");
    napi_close_handle_scope(env, scope);
    return;
  }
  napi_value frames;
  uint32_t count = 0;
  int read_error = 0;
  napi_create_array(env, &frames);
  for (int i = 0; i < RX_BATCH && w->open; i++) {
    struct sockaddr_ll from;
    union {
      struct cmsghdr align;
      char space[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } control;
    struct iovec iov = {.iov_base = w->buf, .iov_len = RX_BUFFER};
    struct msghdr msg = {
        .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = &control, .msg_controllen = sizeof control,
    };
    ssize_t n = recvmsg(w->fd, &msg, MSG_DONTWAIT | MSG_TRUNC);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) read_error = errno;
      break;
    }
    /* Our own transmissions are looped back to packet sockets as PACKET_OUTGOING (packet(7),
     * sll_pkttype); PACKET_IGNORE_OUTGOING already stops them on kernels >= 4.20, this is the fallback. */
    w->empty_errors = 0;
    if (from.sll_pkttype == PACKET_OUTGOING) continue;
    if ((size_t)n > RX_BUFFER || n < ETH_HLEN) continue; /* truncated or runt: not a frame we can use */

    /* The receive path strips an 802.1Q tag into skb metadata before packet sockets see the frame
     * (skb_vlan_untag); PACKET_AUXDATA gives it back, and we re-insert it after the MAC addresses so
     * JS receives the frame as it was on the wire, as libpcap does. */
    uint16_t tci = 0, tpid = ETH_P_8021Q;
    int tagged = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA) continue;
      struct tpacket_auxdata aux;
      memcpy(&aux, CMSG_DATA(c), sizeof aux);
      if (aux.tp_vlan_tci != 0 || (aux.tp_status & TP_STATUS_VLAN_VALID)) {
        tagged = 1;
        tci = aux.tp_vlan_tci;
        if (aux.tp_status & TP_STATUS_VLAN_TPID_VALID) tpid = aux.tp_vlan_tpid;
      }
    }
    size_t out_len = (size_t)n + (tagged ? 4 : 0);
    void *out_data;
    napi_value frame;
    if (napi_create_buffer(env, out_len, &out_data, &frame) != napi_ok) break;
    unsigned char *out = out_data;
    if (tagged) {
      memcpy(out, w->buf, 12);
      out[12] = tpid >> 8, out[13] = tpid & 0xff, out[14] = tci >> 8, out[15] = tci & 0xff;
      memcpy(out + 16, w->buf + 12, (size_t)n - 12);
    } else {
      memcpy(out, w->buf, (size_t)n);
    }
    napi_set_element(env, frames, count++, frame);
  }
  if (count > 0 && w->open) call_js(w, w->on_data, 1, &frames);
  /* A pending socket error (ENETDOWN when the device goes down, ENODEV when it is unregistered) is
   * returned once by recvmsg and then cleared; JS decides what it means. */
  if (read_error != 0 && w->open) report_errno(w, read_error, "recvmsg");
  napi_close_handle_scope(env, scope);
}

/* rtnetlink(7): any RTM_NEWLINK/RTM_DELLINK in the RTMGRP_LINK group. JS gets the ifindexes changed
 * and those deleted, and re-reads the state it cares about, so nothing here parses attributes. The
 * deleted list matters because the kernel may hand the same ifindex to a device created right after
 * (a veth deleted and re-created between two reads): a packet socket bound to the old device is then
 * dead although a device with its ifindex exists. ENOBUFS means the kernel dropped notifications
 * (socket buffer overrun): JS must then re-read everything. */
static void on_netlink_readable(uv_poll_t *handle, int status, int events) {
  watcher_t *w = handle->data;
  napi_env env = w->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value changed, deleted;
  napi_create_array(env, &changed);
  napi_create_array(env, &deleted);
  uint32_t n_changed = 0, n_deleted = 0;
  int overrun = 0;
  if (status < 0) {
    /* ENOBUFS (overrun) arrives as POLLERR; anything else leaves the watcher stopped, and JS falls
     * back on its periodic re-read. Either way JS re-reads everything. */
    overrun = 1;
    (void)rearm_after_pollerr(w, on_netlink_readable);
  }
  for (int i = 0; i < RX_BATCH && w->open && status >= 0; i++) {
    ssize_t n = recv(w->fd, w->buf, RX_BUFFER, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOBUFS) {
        overrun = 1;
        continue;
      }
      break;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)w->buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if ((h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK) && h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
        struct ifinfomsg *ifi = NLMSG_DATA(h);
        napi_value v;
        napi_create_int32(env, ifi->ifi_index, &v);
        napi_set_element(env, changed, n_changed++, v);
        if (h->nlmsg_type == RTM_DELLINK) napi_set_element(env, deleted, n_deleted++, v);
      }
    }
  }
  if ((n_changed > 0 || overrun) && w->open) {
    napi_value argv[3];
    argv[0] = changed;
    napi_get_boolean(env, overrun, &argv[1]);
    argv[2] = deleted;
    call_js(w, w->on_data, 3, argv);
  }
  napi_close_handle_scope(env, scope);
}

/* Common tail of both constructors: wrap `this`, keep callbacks, start polling. Takes ownership of fd. */
static napi_value watcher_start(napi_env env, napi_value self, kind_t kind, int fd, napi_value on_data, napi_value on_error) {
  watcher_t *w = calloc(1, sizeof *w);
  unsigned char *buf = malloc(RX_BUFFER);
  if (w == NULL || buf == NULL) {
    free(w), free(buf), close(fd);
    return throw_errno(env, ENOMEM, "malloc", "");
  }
  w->kind = kind, w->fd = fd, w->env = env, w->buf = buf;
  uv_loop_t *loop;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) goto fail;
  int rc = uv_poll_init(loop, &w->poll, fd);
  if (rc < 0) {
    free(buf), free(w), close(fd);
    return throw_errno(env, -rc, "uv_poll_init", "");
  }
  w->poll.data = w;
  w->handle_live = 1;
  w->open = 1;
  napi_value resource_name;
  if (napi_create_string_utf8(env, kind == KIND_PACKET ? "vipr.PacketSocket" : "vipr.LinkWatcher", NAPI_AUTO_LENGTH, &resource_name) != napi_ok) goto fail_open;
  if (napi_async_init(env, self, resource_name, &w->async) != napi_ok) goto fail_open;
  if (napi_create_reference(env, on_data, 1, &w->on_data) != napi_ok) goto fail_open;
  if (on_error != NULL && napi_create_reference(env, on_error, 1, &w->on_error) != napi_ok) goto fail_open;
  if (napi_wrap(env, self, w, watcher_finalize, NULL, NULL) != napi_ok) goto fail_open;
  w->wrapper_live = 1;
  if (napi_create_reference(env, self, 1, &w->self) != napi_ok) goto fail_open;
  rc = uv_poll_start(&w->poll, UV_READABLE, kind == KIND_PACKET ? on_packet_readable : on_netlink_readable);
  if (rc < 0) {
    watcher_stop(w);
    return throw_errno(env, -rc, "uv_poll_start", "");
  }
  return self;

fail_open:
  /* A N-API failure leaves an exception pending; release what was set up. */
  watcher_stop(w);
  return NULL;
fail:
  free(buf), free(w), close(fd);
  return NULL;
}

static watcher_t *unwrap(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  napi_value self;
  void *data = NULL;
  if (napi_get_cb_info(env, info, argc, argv, &self, NULL) != napi_ok) return NULL;
  if (napi_unwrap(env, self, &data) != napi_ok) return NULL;
  return data;
}

static napi_value watcher_close(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  watcher_t *w = unwrap(env, info, &argc, NULL);
  if (w != NULL) watcher_stop(w);
  return NULL;
}

/* ref()/unref(): whether an open socket keeps the process alive, like net.Socket's. */
static napi_value watcher_ref(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  watcher_t *w = unwrap(env, info, &argc, NULL);
  if (w != NULL && w->open) uv_ref((uv_handle_t *)&w->poll);
  return NULL;
}

static napi_value watcher_unref(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  watcher_t *w = unwrap(env, info, &argc, NULL);
  if (w != NULL && w->open) uv_unref((uv_handle_t *)&w->poll);
  return NULL;
}

/* ------------------------------------------------------------------------------------------------ */
/* PacketSocket */

static int is_function(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && t == napi_function;
}

/* Reads a Uint8Array (or Buffer) argument. */
static int get_bytes(napi_env env, napi_value v, unsigned char **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type;
  void *ptr;
  if (napi_get_typedarray_info(env, v, &type, len, &ptr, NULL, NULL) != napi_ok || type != napi_uint8_array) return 0;
  *data = ptr;
  return 1;
}

/* new PacketSocket(ifindex, { filter?: Uint8Array, multicast?: Uint8Array[] }, onFrames, onError)
 * The options are read and checked before the socket exists, so a bad argument leaks nothing. */
#define MAX_MEMBERSHIPS 32

static napi_value packet_new(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], self;
  CHECK(napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  int32_t ifindex;
  if (argc < 4 || napi_get_value_int32(env, argv[0], &ifindex) != napi_ok || ifindex <= 0)
    return throw_type(env, "PacketSocket(ifindex, options, onFrames, onError): ifindex must be a positive integer");
  if (!is_function(env, argv[2]) || !is_function(env, argv[3])) return throw_type(env, "PacketSocket: onFrames and onError must be functions");

  unsigned char *prog = NULL;
  size_t prog_len = 0;
  unsigned char *macs[MAX_MEMBERSHIPS];
  uint32_t n_macs = 0;
  napi_valuetype t;
  CHECK(napi_typeof(env, argv[1], &t));
  if (t == napi_object) {
    napi_value v;
    CHECK(napi_get_named_property(env, argv[1], "filter", &v));
    CHECK(napi_typeof(env, v, &t));
    if (t != napi_undefined && t != napi_null &&
        (!get_bytes(env, v, &prog, &prog_len) || prog_len == 0 || prog_len % sizeof(struct sock_filter) != 0 ||
         prog_len / sizeof(struct sock_filter) > BPF_MAXINSNS))
      return throw_type(env, "PacketSocket: filter must be a Uint8Array of 8-byte classic BPF instructions");
    CHECK(napi_get_named_property(env, argv[1], "multicast", &v));
    CHECK(napi_typeof(env, v, &t));
    if (t != napi_undefined && t != napi_null) {
      bool is_array = false;
      CHECK(napi_is_array(env, v, &is_array));
      if (!is_array) return throw_type(env, "PacketSocket: multicast must be an array");
      CHECK(napi_get_array_length(env, v, &n_macs));
      if (n_macs > MAX_MEMBERSHIPS) return throw_type(env, "PacketSocket: at most 32 multicast memberships");
      for (uint32_t i = 0; i < n_macs; i++) {
        napi_value mac_v;
        size_t mac_len;
        CHECK(napi_get_element(env, v, i, &mac_v));
        if (!get_bytes(env, mac_v, &macs[i], &mac_len) || mac_len != ETH_ALEN)
          return throw_type(env, "PacketSocket: multicast entries must be 6-byte Uint8Arrays");
      }
    }
  }

  /* Protocol 0: the socket receives nothing until bind() names a protocol, so no frame can slip in
   * before the filter is attached (packet(7): "If protocol is set to zero, no packets are received"). */
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket", "AF_PACKET");
  const char *failed = NULL;
  char detail[32] = "";

  int one = 1;
  if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0) {
    failed = "setsockopt(PACKET_AUXDATA)";
    goto fail;
  }
#ifdef PACKET_IGNORE_OUTGOING
  /* Linux >= 4.20: outgoing frames are never queued to this socket at all. Older kernels say
   * ENOPROTOOPT and the sll_pkttype check in the read loop does the same job. */
  if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0 && errno != ENOPROTOOPT) {
    failed = "setsockopt(PACKET_IGNORE_OUTGOING)";
    goto fail;
  }
#endif

  if (prog != NULL) {
    /* Copied so the program is aligned; the kernel copies it again (SO_ATTACH_FILTER, socket(7)). */
    struct sock_filter insns[BPF_MAXINSNS];
    memcpy(insns, prog, prog_len);
    struct sock_fprog fprog = {.len = (unsigned short)(prog_len / sizeof(struct sock_filter)), .filter = insns};
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) < 0) {
      failed = "setsockopt(SO_ATTACH_FILTER)";
      goto fail;
    }
  }

  for (uint32_t i = 0; i < n_macs; i++) {
    /* packet(7) PACKET_ADD_MEMBERSHIP/PACKET_MR_MULTICAST: adds the MAC to the device's multicast
     * list (dev_mc_add), so a NIC's hardware filter or a macvlan's mc_filter passes it without
     * promiscuous mode. Membership belongs to this socket and is dropped when it closes. */
    const unsigned char *mac = macs[i];
    struct packet_mreq mreq;
    memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = ifindex;
    mreq.mr_type = PACKET_MR_MULTICAST;
    mreq.mr_alen = ETH_ALEN;
    memcpy(mreq.mr_address, mac, ETH_ALEN);
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq, sizeof mreq) < 0) {
      failed = "setsockopt(PACKET_ADD_MEMBERSHIP)";
      snprintf(detail, sizeof detail, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
      goto fail;
    }
  }

  /* Bound to one device and to every protocol (ETH_P_ALL, which also delivers what is sent, hence
   * PACKET_IGNORE_OUTGOING); the BPF program narrows it down. Binding a down device succeeds and the
   * first read says ENETDOWN; frames flow once it comes up. */
  struct sockaddr_ll addr;
  memset(&addr, 0, sizeof addr);
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = ifindex;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    failed = "bind";
    goto fail;
  }
  return watcher_start(env, self, KIND_PACKET, fd, argv[2], argv[3]);

fail:;
  int err = errno;
  close(fd);
  return throw_errno(env, err, failed, detail);
}

/* send(frame): the whole Ethernet frame as given - source MAC included; a packet socket never
 * rewrites it (packet(7): SOCK_RAW "packets are passed to and from the device driver without any
 * changes"). Non-blocking: a full socket buffer is EAGAIN, never a stalled event loop. */
static napi_value packet_send(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  watcher_t *w = unwrap(env, info, &argc, argv);
  if (w == NULL) return NULL;
  unsigned char *data;
  size_t len;
  if (argc < 1 || !get_bytes(env, argv[0], &data, &len)) return throw_type(env, "send(frame): frame must be a Uint8Array");
  if (!w->open) return throw_errno(env, EBADF, "send", "(socket closed)");
  for (;;) {
    ssize_t n = send(w->fd, data, len, MSG_DONTWAIT);
    if (n >= 0) {
      if ((size_t)n != len) return throw_errno(env, EMSGSIZE, "send", "(partial)");
      return NULL;
    }
    if (errno != EINTR) return throw_errno(env, errno, "send", "");
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* LinkWatcher */

/* new LinkWatcher(onLinks) */
static napi_value link_new(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  CHECK(napi_get_cb_info(env, info, &argc, argv, &self, NULL));
  if (argc < 1 || !is_function(env, argv[0])) return throw_type(env, "LinkWatcher(onLinks): onLinks must be a function");
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return throw_errno(env, errno, "socket", "AF_NETLINK");
  /* Creating a thousand macvlan children makes a burst of notifications: a larger buffer makes an
   * overrun (ENOBUFS, handled by a full re-read) rarer. FORCE needs CAP_NET_ADMIN; fall back quietly. */
  int size = 1 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  struct sockaddr_nl addr;
  memset(&addr, 0, sizeof addr);
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = RTMGRP_LINK;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "bind", "AF_NETLINK");
  }
  return watcher_start(env, self, KIND_LINK, fd, argv[0], NULL);
}

/* ------------------------------------------------------------------------------------------------ */

static napi_value define_class(napi_env env, napi_value exports, const char *name, napi_callback ctor, int with_send) {
  napi_property_descriptor methods[] = {
      {"close", NULL, watcher_close, NULL, NULL, NULL, napi_default_method, NULL},
      {"ref", NULL, watcher_ref, NULL, NULL, NULL, napi_default_method, NULL},
      {"unref", NULL, watcher_unref, NULL, NULL, NULL, napi_default_method, NULL},
      {"send", NULL, packet_send, NULL, NULL, NULL, napi_default_method, NULL},
  };
  napi_value cls;
  CHECK(napi_define_class(env, name, NAPI_AUTO_LENGTH, ctor, NULL, with_send ? 4 : 3, methods, &cls));
  CHECK(napi_set_named_property(env, exports, name, cls));
  return exports;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  CHECK(napi_create_function(env, "interfaceInfo", NAPI_AUTO_LENGTH, interface_info, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "interfaceInfo", fn));
  if (define_class(env, exports, "PacketSocket", packet_new, 1) == NULL) return NULL;
  if (define_class(env, exports, "LinkWatcher", link_new, 0) == NULL) return NULL;
  return exports;
}
