/**
 * Preflight over the modules of a multi-module build: whether a goal runs in a module ({@link
 * dev.preflight.core.reactor.ModuleDecision}: skip flags, a module without a policy), and the
 * aggregate of the modules' results with one combined gate ({@link
 * dev.preflight.core.reactor.Aggregate}), written by {@link
 * dev.preflight.core.reactor.AggregateWriter}. Build tools feed it; it knows none of them.
 */
package dev.preflight.core.reactor;
