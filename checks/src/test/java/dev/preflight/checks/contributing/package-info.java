/**
 * The worked examples of CONTRIBUTING.md, compiled and tested, and the test that the guide quotes
 * them exactly.
 */
package dev.preflight.checks.contributing;
