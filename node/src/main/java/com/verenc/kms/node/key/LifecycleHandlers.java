package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.Authorize;
import com.verenc.kms.node.key.KeyCommand.Describe;
import com.verenc.kms.node.key.KeyCommand.Disable;
import com.verenc.kms.node.key.KeyCommand.Enable;
import com.verenc.kms.node.key.KeyEntityState.Live;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** Describing a key, and enabling and disabling it. */
final class LifecycleHandlers extends KeyHandlers {

  LifecycleHandlers(KeyScope scope) {
    super(scope);
  }

  @Override
  void register(CommandHandlerWithReplyBuilder<KeyMessage, KeyEvent, KeyEntityState> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(Describe.class, (state, cmd) -> reply(cmd, scope.metadata(state.key())))
        .onCommand(Authorize.class, (state, cmd) -> reply(cmd, scope.metadata(state.key())))
        .onCommand(Enable.class, (state, cmd) -> setEnabled(state.key(), cmd, true))
        .onCommand(Disable.class, (state, cmd) -> setEnabled(state.key(), cmd, false));
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
