/**
 * Benchmark harnesses: plain main classes that print figures. They are measurements, not tests,
 * and run only by explicit commands (docs/PERFORMANCE.md).
 */
package dev.preflight.benchmarks;
