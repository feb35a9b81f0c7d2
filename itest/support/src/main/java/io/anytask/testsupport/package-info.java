/**
 * Helpers that the tests and the benchmarks share: a server process and the process trees it starts, what
 * {@code /proc} says about processes, a blocking connection that speaks the wire protocol, bounded waits on futures
 * and the paths that the build hands to the tests. Not a bundle: a plain jar on test class paths.
 */
package io.anytask.testsupport;
