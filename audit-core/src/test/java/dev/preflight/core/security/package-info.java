/**
 * Security properties of the library as tests: transactions go only to loopback validators, an
 * audit needs no key, and the main code never reads a wallet.
 */
package dev.preflight.core.security;
