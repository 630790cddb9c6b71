/** Checks on the deployed program itself: who can upgrade it, which binary it runs, security.txt. */
package dev.preflight.checks.program;
