/** Machinery of schedules (the cron parser). No compatibility promise: may change in any release. */
package dev.steadfast.schedule.internal;
