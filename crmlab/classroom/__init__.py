"""Running a class: hand the course out to students' folders, collect their exercise notebooks.

* :func:`~crmlab.classroom.handout.get_course` (``crmlab course``): copy the lessons and exercises,
  in the student's language, into the student's folder; run again after an update, it adds and
  updates what the student has not changed and never overwrites the student's work;
* :func:`~crmlab.classroom.collect.collect` (``crmlab collect``): gather one exercise from every
  student's folder into a submissions folder named by user, for ``crmlab grade``.
"""

from __future__ import annotations
