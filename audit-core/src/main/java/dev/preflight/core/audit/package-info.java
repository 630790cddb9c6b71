/**
 * Running an audit: policy in, snapshot read, checks evaluated, report out. Also the small progress
 * interface through which the core speaks to its user (the Maven plugin adapts it to Maven's log).
 */
package dev.preflight.core.audit;
