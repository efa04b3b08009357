# Court diaries and custody clocks read the 24-hour clock; Django's en-GB default is a.m./p.m.
DATETIME_FORMAT = "j M Y, H:i"
