/**
 * The anytask wire protocol (SPEC.md section 3): the four {@link io.anytask.protocol.Message messages},
 * the streaming {@link io.anytask.protocol.MessageDecoder decoder} and
 * {@link io.anytask.protocol.MessageEncoder encoder}, the {@link io.anytask.protocol.DeferredLog deferred-log}
 * model (SPEC.md section 7), the root of anytask's exception family, and the text form of durations on the
 * command lines ({@link io.anytask.protocol.Seconds}).
 */
@Export
@Version("1.4.0")
package io.anytask.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
