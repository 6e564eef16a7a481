// The business-hours cases of core/availability/hours.test.ts (Paris and New York across DST, a
// Tokyo night shift over local midnight, closed dates), run again inside workerd: production
// computes hours with workerd's Intl time-zone data, not Node's, so the same cases must hold there.
import '../core/availability/hours.test.ts';
