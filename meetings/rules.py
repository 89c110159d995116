"""Who may do what with meetings. Both sides work here: staff who may edit, and the initiative's own
coordinators, plan meetings and comment on reports; staff who may edit also change, cancel and
write the reports. Read-only staff (lezer) read everything; a coordinator only their own initiative's
meetings (everything else answers 404)."""

import rules

from accounts.predicates import is_editor, is_staff_member
from partnerships.predicates import is_coordinator_of

# On a partnership.
rules.add_perm("meetings.view_meetings", is_staff_member | is_coordinator_of)
rules.add_perm("meetings.plan_meeting", is_editor | is_coordinator_of)
# On a meeting.
rules.add_perm("meetings.view_meeting", is_staff_member | is_coordinator_of)
rules.add_perm("meetings.change_meeting", is_editor)
rules.add_perm("meetings.write_report", is_editor)
rules.add_perm("meetings.comment", is_editor | is_coordinator_of)
