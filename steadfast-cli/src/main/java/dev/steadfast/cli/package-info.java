/**
 * The {@code steadfast} command line and web console; {@link dev.steadfast.cli.Main} is the entry point.
 * Not a library API: the commands and their output are the interface.
 */
package dev.steadfast.cli;
