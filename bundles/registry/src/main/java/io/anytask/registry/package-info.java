/**
 * What interface authors code against, and the whiteboard that finds their code inside a worker (SPEC.md
 * section 5). An interface is an OSGi service registered with the property
 * {@value io.anytask.registry.InterfaceRegistry#INTERFACE_PROPERTY}{@code =NAME}, usually a Declarative Services
 * component, in one of two forms: a {@link io.anytask.registry.TaskHandler handler} that receives every request,
 * or any other object whose public methods are called by name ("method dispatch"). Either form may implement
 * {@link io.anytask.registry.TaskLifecycle} for the setup and checkout-done hooks, and writes to the request's
 * deferred log through {@link io.anytask.registry.TaskLog}.
 */
@Export
@Version("2.0.0")
package io.anytask.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
