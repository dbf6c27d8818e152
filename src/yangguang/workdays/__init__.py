"""The working-day calendar (工作日历): statutory holidays and make-up workdays from the
``chinesecalendar`` package, extended by administrators (later years, local holidays).

``yangguang.workdays.core`` is plain Python (no database) for bulk use;
``yangguang.workdays.selectors.current_calendar()`` builds it from the package and the
override table, once, and the functions in ``yangguang.workdays.deadlines`` use it.
"""
