/** How runs become spans and metrics; no compatibility promise. */
package dev.steadfast.opentelemetry.internal;
