package com.verenc.kms.node.key;

import com.verenc.kms.node.key.KeyCommand.GetPolicy;
import com.verenc.kms.node.key.KeyCommand.ListTags;
import com.verenc.kms.node.key.KeyCommand.PutPolicy;
import com.verenc.kms.node.key.KeyCommand.Tag;
import com.verenc.kms.node.key.KeyCommand.Untag;
import com.verenc.kms.node.key.KeyCommand.UpdateDescription;
import com.verenc.kms.node.key.KeyEntityState.Live;
import com.verenc.kms.protocol.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** The settings each zone keeps for itself: description, tags and key policy. */
final class AdministrationHandlers extends KeyHandlers {
  static final int MAX_TAGS = 50;

  AdministrationHandlers(KeyScope scope) {
    super(scope);
  }

  static void register(HandlerTable.Registrar<AdministrationHandlers> builder) {
    builder
        .forStateType(Live.class)
        .onCommand(
            UpdateDescription.class,
            (h, state, cmd) ->
                h.change(
                    state.key(),
                    cmd,
                    new KeyEvent.DescriptionUpdated(h.scope.now(), cmd.description())))
        .onCommand(Tag.class, AdministrationHandlers::tag)
        .onCommand(
            Untag.class,
            (h, state, cmd) ->
                h.change(state.key(), cmd, new KeyEvent.TagsRemoved(h.scope.now(), cmd.tagKeys())))
        .onCommand(
            ListTags.class,
            (h, state, cmd) -> h.reply(cmd, new KeyAnswer.Tags(state.key().settings().tags())))
        .onCommand(
            GetPolicy.class,
            (h, state, cmd) -> h.reply(cmd, new KeyAnswer.Policy(state.key().settings().policy())))
        .onCommand(PutPolicy.class, AdministrationHandlers::putPolicy);
  }

  private ReplyEffect<KeyEvent, KeyEntityState> tag(Live state, Tag cmd) {
    KeyRecord key = state.key();
    Map<String, String> merged = new HashMap<>(key.settings().tags());
    merged.putAll(cmd.tags());
    if (merged.size() > MAX_TAGS) {
      return reject(
          cmd,
          new Rejection(
              ErrorCode.LIMIT_EXCEEDED,
              "A key can have at most "
                  + MAX_TAGS
                  + " tags; "
                  + rejections.arn(key)
                  + " would have "
                  + merged.size()
                  + ". Remove tags with UntagResource first."));
    }
    return change(key, cmd, new KeyEvent.TagsSet(scope.now(), cmd.tags()));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> putPolicy(Live state, PutPolicy cmd) {
    if (!cmd.bypassLockoutCheck() && scope.policy.locksOut(cmd.policy(), cmd.accountId())) {
      return reject(cmd, rejections.lockout());
    }
    return change(state.key(), cmd, new KeyEvent.PolicyPut(scope.now(), cmd.policy()));
  }

  private ReplyEffect<KeyEvent, KeyEntityState> change(
      KeyRecord key, KeyCommand<KeyAnswer.Done> cmd, KeyEvent event) {
    return effect().persist(event).thenReply(cmd.replyTo(), s -> KeyReply.ok(scope.done(key)));
  }
}
