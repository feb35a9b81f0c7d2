/**
 * The {@code anytask} command line, a picocli command with the subcommands {@code server}, {@code call} and
 * {@code demo}. Not exported; the module is open (see {@code bnd.bnd}), as picocli reads and sets the commands'
 * annotated fields by reflection.
 */
package io.anytask.cli;
