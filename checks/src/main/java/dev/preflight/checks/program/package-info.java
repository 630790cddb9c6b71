/**
 * Checks on the deployed program itself: who can upgrade it, which binary it runs, whether its
 * verified-build record is the upgrade authority's, security.txt.
 */
package dev.preflight.checks.program;
