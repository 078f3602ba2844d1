/**
 * Files a model reads: {@link dev.steadfast.media.Media}, an image or a PDF given by URL or by its
 * bytes, in a user prompt or a tool's result.
 */
package dev.steadfast.media;
