/**
 * The HSRP groups of one router by name (`standby N name NAME`, or IOS's default `hsrp-Gi0/1-1`,
 * spec §4.5), with the state each is in: what a client group (`standby N follow NAME`) follows.
 * Client groups may sit on other interfaces than the group they follow (Cisco "FHRP - HSRP Multiple
 * Group Optimization": one master group on the physical interface, client groups on subinterfaces),
 * so the router shares one directory between the HSRP engines of all its interfaces.
 */
import type { HsrpState } from './fsm.js';

export class HsrpGroupDirectory {
  private readonly states = new Map<string, HsrpState>();
  private readonly listeners = new Set<() => void>();

  /** The state of the named group; undefined when no group of that name runs on this router. */
  state(name: string): HsrpState | undefined {
    return this.states.get(name);
  }

  /** Records a group's state; listeners hear about real changes only. */
  publish(name: string, state: HsrpState): void {
    if (this.states.get(name) === state) return;
    this.states.set(name, state);
    this.notify();
  }

  /** The named group is gone (removed or renamed). */
  withdraw(name: string): void {
    if (this.states.delete(name)) this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
