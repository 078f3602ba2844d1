/**
 * The CLI's commands and the web console's server. Internal: no compatibility promise; the public
 * face is {@link dev.steadfast.cli.Main}.
 */
package dev.steadfast.cli.internal;
