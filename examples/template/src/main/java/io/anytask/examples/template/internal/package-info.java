/**
 * The interface {@code template}: the smallest interface bundle, to copy when you start your own. Rename this
 * package (a bundle's classes live in a package of its own; {@code internal} because the bundle exports nothing:
 * the worker finds the component through its service property, not through an exported API).
 */
package io.anytask.examples.template.internal;
