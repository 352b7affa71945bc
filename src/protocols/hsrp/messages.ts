/**
 * Between the state machine and the codecs: the HSRP message a group sends (spec §1.2, §3.2) and the
 * reduced view of a received one (fsm.ts HsrpPeerMessage).
 */
import { formatMac } from '../../net/mac.js';
import type { FhrpFrame } from '../fhrp-frame.js';
import type { HsrpAuthMessageFields } from './messages-auth.js';
import { authFieldsV1, authTlvsV2 } from './messages-auth.js';
import type { HsrpMessage, HsrpV1GroupMessage, HsrpV1State, HsrpV2Message, HsrpV2State } from './codec.js';
import { hsrpV2GroupState } from './codec-v2.js';
import type { HsrpOpcode, HsrpPeerMessage, HsrpState } from './fsm.js';
import type { HsrpVersion } from './transport.js';

export interface HsrpOutgoing {
  readonly version: HsrpVersion;
  readonly opcode: HsrpOpcode;
  readonly state: HsrpState;
  readonly group: number;
  readonly priority: number;
  readonly helloTimeMs: number;
  readonly holdTimeMs: number;
  /** undefined: not known (Learn); sent as 0.0.0.0 / :: */
  readonly vip: string | undefined;
  readonly ipVersion: 4 | 6;
  /** The sender's interface MAC (HSRPv2 Identifier). */
  readonly identifier: Uint8Array;
  /** The sender's interface address (MD5 TLV IP Address field, spec §2.2). */
  readonly senderIp: string;
  readonly auth: HsrpAuthMessageFields;
}

function v1State(s: HsrpState): HsrpV1State {
  return s === 'init' ? 'initial' : s;
}

function fromV1State(s: HsrpV1State | number): HsrpState | undefined {
  if (typeof s === 'number') return undefined;
  return s === 'initial' ? 'init' : s;
}

function fromV2State(s: HsrpV2State | number): HsrpState | undefined {
  if (typeof s === 'number' || s === 'disabled') return s === 'disabled' ? 'init' : undefined;
  return s;
}

/**
 * HSRPv1 carries whole seconds (spec §1.2). Sub-second timers cannot be carried (spec §3.4, open item
 * §8.2): the fields then say 1 s / hold rounded up, which keeps hold > hello on the wire.
 */
function wireSeconds(helloMs: number, holdMs: number): { hello: number; hold: number } {
  const hello = Math.min(255, Math.max(1, Math.floor(helloMs / 1000)));
  const hold = Math.min(255, Math.max(hello + 1, Math.ceil(holdMs / 1000)));
  return { hello, hold };
}

export function buildHsrpMessage(o: HsrpOutgoing): HsrpMessage {
  if (o.version === 1) {
    const { hello, hold } = wireSeconds(o.helloTimeMs, o.holdTimeMs);
    const m: HsrpV1GroupMessage = {
      protocol: 'hsrp-v1',
      opcode: o.opcode,
      state: v1State(o.state),
      helloTimeS: hello,
      holdTimeS: hold,
      priority: o.priority,
      group: o.group,
      reserved: 0,
      virtualIp: o.vip ?? '0.0.0.0',
      ...authFieldsV1(o.auth, o.senderIp),
    };
    return m;
  }
  const m: HsrpV2Message = {
    protocol: 'hsrp-v2',
    tlvs: [
      {
        type: 'group-state',
        opcode: o.opcode,
        state: o.state,
        ipVersion: o.ipVersion,
        group: o.group,
        identifier: formatMac(o.identifier),
        priority: o.priority,
        helloTimeMs: o.helloTimeMs,
        holdTimeMs: o.holdTimeMs,
        virtualIp: o.vip ?? (o.ipVersion === 6 ? '::' : '0.0.0.0'),
      },
      ...authTlvsV2(o.auth, o.senderIp),
    ],
  };
  return m;
}

/** The group a received HSRP message is for, with its address family; undefined for Advertise and the like. */
export interface HsrpReceived {
  readonly group: number;
  readonly ipVersion: 4 | 6;
  readonly message: HsrpPeerMessage;
}

function knownVip(vip: string): string | undefined {
  return vip === '0.0.0.0' || vip === '::' || vip === '' ? undefined : vip;
}

/** Reduces a decoded frame to what the state machine needs; undefined for messages it does not act on. */
export function readHsrpFrame(frame: FhrpFrame): HsrpReceived | undefined {
  const m = frame.hsrp;
  if (m === undefined) return undefined;
  const sourceMac = frame.ethernet.source;
  const ip = frame.ip.source;
  if (m.protocol === 'hsrp-v1') {
    if (m.opcode !== 'hello' && m.opcode !== 'coup' && m.opcode !== 'resign') return undefined;
    const g = m as HsrpV1GroupMessage;
    const state = fromV1State(g.state);
    if (state === undefined) return undefined;
    return {
      group: g.group,
      ipVersion: 4,
      message: {
        opcode: g.opcode,
        state,
        ip,
        priority: g.priority,
        helloTimeMs: g.helloTimeS * 1000,
        holdTimeMs: g.holdTimeS * 1000,
        vip: knownVip(g.virtualIp),
        sourceMac,
        identifier: undefined,
      },
    };
  }
  const gs = hsrpV2GroupState(m);
  if (gs === undefined || typeof gs.opcode === 'number') return undefined;
  const state = fromV2State(gs.state);
  if (state === undefined || (gs.ipVersion !== 4 && gs.ipVersion !== 6)) return undefined;
  return {
    group: gs.group,
    ipVersion: gs.ipVersion,
    message: {
      opcode: gs.opcode,
      state,
      ip,
      priority: gs.priority,
      helloTimeMs: gs.helloTimeMs,
      holdTimeMs: gs.holdTimeMs,
      vip: knownVip(gs.virtualIp),
      sourceMac,
      identifier: gs.identifier,
    },
  };
}
