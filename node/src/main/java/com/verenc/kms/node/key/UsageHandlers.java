package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.GetLastUsage;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.node.key.KeyInternal.RecordUsage;
import com.verenc.kms.node.key.model.KeyUse;
import com.verenc.kms.node.key.model.UsageRecord;
import java.util.Optional;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * GetKeyLastUsage, from what this zone recorded and what the entity and its resident publication
 * saw since; and writing the last use down when a resident publication asks (at most hourly).
 */
final class UsageHandlers extends KeyHandlers {

  UsageHandlers(KeyScope scope) {
    super(scope);
  }

  @Override
  void registerOutcomes(
      CommandHandlerWithReplyBuilder<KeyMessage, KeyEvent, KeyEntityState> builder) {
    builder.forStateType(Live.class).onCommand(RecordUsage.class, this::record);
    builder.forAnyState().onCommand(RecordUsage.class, (state, ask) -> effect().noReply());
  }

  @Override
  void register(CommandHandlerWithReplyBuilder<KeyMessage, KeyEvent, KeyEntityState> builder) {
    builder.forStateType(Live.class).onCommand(GetLastUsage.class, this::lastUsage);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> record(Live state, RecordUsage ask) {
    Optional<KeyEvent> record = scope.usage.due(state.key().settings().usage(), scope.now());
    return record.isEmpty() ? effect().noReply() : effect().persist(record.get()).thenNoReply();
  }

  private ReplyEffect<KeyEvent, KeyEntityState> lastUsage(Live state, GetLastUsage cmd) {
    KeyRecord key = state.key();
    UsageRecord recorded = key.settings().usage();
    KeyUse last = KeyUse.latest(recorded == null ? null : recorded.lastUse(), scope.usage.latest());
    return reply(
        cmd,
        new KeyAnswer.LastUsage(
            rejections.arn(key),
            last,
            scope.usage.trackingSince(recorded),
            key.identity().createdAt()));
  }
}
