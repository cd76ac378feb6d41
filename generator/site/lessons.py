"""The generated lesson data kb-path.js and kb-record.js read as ``window.kb.lessons``.

``kb-lessons.js`` holds every lesson of the site with every field the course and home pages
show (the record, the recommendations). Module and lesson pages load only the data of their own
course (``urls.nav_lessons_file``): which of its lessons have a 随堂测验, where each is and the
course's earlier_marks, all kb-path.js needs to mark done lessons in the navigation (which
shows only the page's own course: ``navigation.prune``). So a lesson page with a check keeps
within its weight however many courses and lessons a site has (tests/test_build.py).
"""

from __future__ import annotations

from generator.content.loading import Project
from generator.content.models.course import Course
from generator.site.pages import spec_json
from generator.site.urls import lesson_path

LESSONS_SCRIPT = "kb-lessons.js"

#: How a script sets ``kb.lessons``: ``data.root`` is the site's root, found from the script's
#: own URL (so the site works under any sub-path and from a folder).
_SET = ("  data.root = script ? script.src.replace(/assets\\/kb\\/[^\\/]*$/, \"\") : \"\";\n"
        "  (window.kb = window.kb || {}).lessons = data;\n"
        "})();\n")


def lessons_script(project: Project) -> str:
    """``assets/kb/kb-lessons.js``: every lesson for kb-path.js and kb-record.js, as data in a
    file of its own: which lessons have a 随堂测验 (``check``) and each course's earlier_marks.

    Paths are from the site root, as HTML (the offline plugin turns off directory URLs)."""
    lessons = [{"id": lesson.id, "title": lesson.title, "course": c.course.id,
                "moduleTitle": module.title, "hours": lesson.hours, "channel": lesson.channel,
                "featured": lesson.featured,
                "path": lesson_path(c.course, module, lesson).removesuffix(".md") + ".html"}
               | ({"check": True} if lesson.check else {})
               for c in project.courses for module, lesson in c.course.lessons()]
    # A mark made before a lesson had its check counts as its course says (kb-path.js).
    earlier = {c.course.id: c.course.earlier_marks for c in project.courses}
    data = spec_json({"lessons": lessons, "earlier": earlier})
    return ("/* Written by python -m generator: the lessons of this site, for kb-path.js. */\n"
            "(function () {\n"
            "  var script = document.currentScript;\n"
            f"  var data = {data};\n" + _SET)


def nav_lessons_script(course: Course) -> str:
    """The lessons of *course* for its module and lesson pages, in ``kb.lessons``' shape with
    only id, course, path and check; written compactly, [module id, lesson id, 1 if it has a
    check] per lesson, and expanded by the script (a lesson's path is course/module/lesson)."""
    rows = [[module.id, lesson.id, 1 if lesson.check else 0] for module, lesson in course.lessons()]
    data = spec_json({"course": course.id, "lessons": rows,
                      "earlier": {course.id: course.earlier_marks}})
    return ("/* Written by python -m generator: the lessons of one course, for kb-path.js. */\n"
            "(function () {\n"
            "  var script = document.currentScript;\n"
            f"  var data = {data}, c = data.course;\n"
            "  data.lessons = data.lessons.map(function (l) {\n"
            "    var path = c + \"/\" + l[0] + \"/\" + l[1] + \".html\";\n"
            "    return { id: l[1], course: c, path: path, check: !!l[2] };\n"
            "  });\n" + _SET)
