/**
 * Machinery behind the test models (usage estimates, schema sampling). No compatibility promise:
 * anything here may change in any release.
 */
package dev.steadfast.testing.internal;
