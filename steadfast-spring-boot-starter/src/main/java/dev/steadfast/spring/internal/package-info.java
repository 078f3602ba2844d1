/**
 * The starter's machinery: the engine bean's lifecycle, the engines' openers, the health check, the meters and the
 * console's servlet. No compatibility promise: anything here may change in any release.
 */
package dev.steadfast.spring.internal;
