/**
 * VRRP timer arithmetic, in the RFCs' own units, and the same values in milliseconds for the Clock.
 *
 *   VRRPv2 (RFC 3768 §6.1, seconds):
 *     Skew_Time            = (256 - Priority) / 256
 *     Master_Down_Interval = 3 * Advertisement_Interval + Skew_Time
 *   VRRPv3 (RFC 5798 / RFC 9568 §6.1, centiseconds):
 *     Skew_Time            = ((256 - Priority) * Master_Adver_Interval) / 256
 *     Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time
 *
 * The values are not whole milliseconds (v2 at priority 100: 3.609375 s). They are kept exact: every
 * value is a multiple of 1/256 ms, which a double holds exactly, so virtual time never drifts. IOS
 * prints them truncated to the millisecond (spec §5.5: 3.570 s / 3570 msec at priority 110, 3.609 s
 * at 100, 3648 msec at 90), which `displayMs` does.
 */

export type VrrpVersion = 2 | 3;

/** RFC 3768 §6.1 Skew_Time in seconds. */
export function skewTimeV2Sec(priority: number): number {
  return (256 - priority) / 256;
}

/** RFC 3768 §6.1 Master_Down_Interval in seconds. */
export function masterDownIntervalV2Sec(advertisementIntervalSec: number, priority: number): number {
  return 3 * advertisementIntervalSec + skewTimeV2Sec(priority);
}

/** RFC 5798 / RFC 9568 §6.1 Skew_Time in centiseconds. */
export function skewTimeV3Cs(priority: number, masterAdverIntervalCs: number): number {
  return ((256 - priority) * masterAdverIntervalCs) / 256;
}

/** RFC 5798 / RFC 9568 §6.1 Master_Down_Interval in centiseconds. */
export function masterDownIntervalV3Cs(masterAdverIntervalCs: number, priority: number): number {
  return 3 * masterAdverIntervalCs + skewTimeV3Cs(priority, masterAdverIntervalCs);
}

/**
 * Skew_Time in milliseconds for either version. The advertisement interval is carried in
 * centiseconds for both (v2 seconds × 100), so one state shape serves both versions; v2's skew does
 * not scale with the interval (RFC 3768 §6.1), v3's does.
 */
export function skewTimeMs(version: VrrpVersion, priority: number, masterAdverIntervalCs: number): number {
  return version === 2 ? skewTimeV2Sec(priority) * 1000 : skewTimeV3Cs(priority, masterAdverIntervalCs) * 10;
}

/** Master_Down_Interval in milliseconds for either version (see skewTimeMs for the units). */
export function masterDownIntervalMs(version: VrrpVersion, priority: number, masterAdverIntervalCs: number): number {
  return version === 2
    ? masterDownIntervalV2Sec(masterAdverIntervalCs / 100, priority) * 1000
    : masterDownIntervalV3Cs(masterAdverIntervalCs, priority) * 10;
}

/** What IOS prints: whole milliseconds, truncated (3609.375 → 3609). */
export function displayMs(ms: number): number {
  return Math.floor(ms + 1e-9);
}
