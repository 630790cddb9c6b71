/**
 * Hostile input for the parsers and decoders: hand-written malformed files and bytes, and Jazzer
 * fuzz targets whose regression seeds run in every build. The promise under test: any input gives a
 * value or an exception of Preflight's family with a message naming the input; nothing else escapes.
 */
package dev.preflight.core.hostile;
