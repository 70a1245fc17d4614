package com.verenc.kms.node.grant;

import com.verenc.kms.node.CborSerializable;
import com.verenc.kms.node.paging.Page;
import java.util.List;

/**
 * Which of a key's grants ListGrants asks for: one grant, one grantee's, or all (null filters), one
 * page of {@code limit} from {@code marker} (the id of the first grant not yet listed).
 */
public record GrantQuery(String grantId, String granteePrincipal, int limit, String marker)
    implements CborSerializable {

  /** The page of {@code grants} this query asks for. */
  public Page<Grant> page(KeyGrants grants) {
    List<Grant> matching =
        grants.grants().stream()
            .filter(g -> grantId == null || g.grantId().equals(grantId))
            .filter(g -> granteePrincipal == null || g.granteePrincipal().equals(granteePrincipal))
            .toList();
    return Page.of(matching, limit, marker, Grant::grantId);
  }
}
