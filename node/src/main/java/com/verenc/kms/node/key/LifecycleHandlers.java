package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.Authorize;
import com.verenc.kms.node.key.KeyCommand.Describe;
import com.verenc.kms.node.key.KeyCommand.Disable;
import com.verenc.kms.node.key.KeyCommand.Enable;
import com.verenc.kms.node.key.KeyEntityState.Live;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** Describing a key, and enabling and disabling it. */
final class LifecycleHandlers extends KeyHandlers {

  LifecycleHandlers(KeyScope scope) {
    super(scope);
  }

  static void register(HandlerTable.Registrar<LifecycleHandlers> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(Describe.class, (h, state, cmd) -> h.reply(cmd, h.scope.metadata(state.key())))
        .onCommand(Authorize.class, (h, state, cmd) -> h.reply(cmd, h.scope.metadata(state.key())))
        .onCommand(Enable.class, (h, state, cmd) -> h.setEnabled(state.key(), cmd, true))
        .onCommand(Disable.class, (h, state, cmd) -> h.setEnabled(state.key(), cmd, false));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> setEnabled(
      KeyRecord key, KeyCommand<KeyAnswer.Done> cmd, boolean enabled) {
    if (key.enabled() == enabled) {
      return reply(cmd, scope.done(key));
    }
    KeyEvent event =
        enabled ? new KeyEvent.Enabled(scope.now()) : new KeyEvent.Disabled(scope.now());
    return persistTracked(event).thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key)));
  }
}
