"""Fictional people, each with the spellings a detainee's name reaches the defence in.

Every person is stored as intake would store them (Latin script, Perso-Arabic script or
both: ``stored``); each variant is "name / father's name" as another clerk, a relative on
the phone or a PoR card might write it, in either script. Some people share a name but
not a father (``namesake_of``): search shows both, the duplicate check must not take one
for the other. Used by tests/detainees/test_name_corpus.py and bench/search.py.
"""

from dataclasses import dataclass

from detainees.names import is_perso_arabic


@dataclass(frozen=True)
class CorpusPerson:
    given: str
    family: str
    father: str
    given_native: str
    family_native: str
    father_native: str
    stored: str  # "both", "latin" or "native"
    variants: tuple[tuple[str, str], ...]
    namesake_of: int | None = None

    def person_fields(self) -> dict[str, str]:
        latin = {"given_name": self.given, "family_name": self.family, "father_name": self.father}
        native = {
            "given_name_native": self.given_native,
            "family_name_native": self.family_native,
            "father_name_native": self.father_native,
        }
        if self.stored == "latin":
            return latin
        if self.stored == "native":
            return native
        return {**latin, **native}


def _p(latin: str, native: str, stored: str, *variants: str, namesake_of=None) -> CorpusPerson:
    given, family, father = (part.strip() for part in latin.split("|"))
    given_n, family_n, father_n = (part.strip() for part in native.split("|"))
    pairs = tuple(tuple(part.strip() for part in v.split("/")) for v in variants)
    return CorpusPerson(
        given, family, father, given_n, family_n, father_n, stored, pairs, namesake_of
    )


def variant_fields(name: str, father: str) -> dict[str, str]:
    """A variant as a form or CSV row would carry it: each half in its script's field."""
    return {
        ("given_name_native" if is_perso_arabic(name) else "given_name"): name,
        ("father_name_native" if is_perso_arabic(father) else "father_name"): father,
    }


CORPUS: list[CorpusPerson] = [
    _p("Mohammad Nabi | Sherzad | Abdul Wahid", "محمد نبی | شیرزاد | عبدالواحد", "both",
       "Muhammad Nabi Sherzad / Abdul Waheed", "Mohd Nabi Shirzad / Abdulwahid",
       "مُحمد نبي شيرزاد / عبد الواحد", "Mohammed Nabi Sherzaad / عبدالواحد"),
    _p("Muhammad Nabi | Sherzad | Ghulam Rasool", "محمد نبی | شیرزاد | غلام رسول", "latin",
       "Mohammad Nabi Sherzad / Ghulam Rasul", "محمد نبی شیرزاد / غلام رسول",
       "Muhammad Nabi Shirzad / Gh. Rasool", namesake_of=0),
    _p("Abdul Rahman | Ahmadzai | Gul Agha", "عبدالرحمن | احمدزی | گل آغا", "both",
       "Abdurrahman Ahmadzai / Gulagha", "Abd-ur-Rehman Ahmedzai / Gul Agha",
       "عبد الرحمان احمدزی / گلاغا", "Abdul Rehman Ahmadzay / Ghul Agha"),
    _p("Sami Ullah | Karimi | Abdul Karim", "سمیع الله | کریمی | عبدالکریم", "native",
       "Samiullah Karimi / Abdul Kareem", "Sami Ullah Kareemi / Abdulkarim",
       "سمیع اللہ كريمي / عبدالكريم", "Sameeullah Karimi / Abd-ul-Karim"),
    _p("Gul Mohammad | Zadran | Khan Mohammad", "گل محمد | زدران | خان محمد", "both",
       "Gul Muhammad Zadran / Khan Muhammad", "Ghul Mohammad Zadraan / Khan Mohd",
       "گل محمد ځدران / خان محمد", "Gulmohammad Zadran / Khan Mohammed"),
    _p("Nasir Uddin | Hotak | Shams Uddin", "نصیرالدین | هوتک | شمس الدین", "both",
       "Nasiruddin Hotak / Shamsuddin", "Naseer-ud-Din Hotak / Shams ud Din",
       "نصیر الدین هوتک / شمس‌الدین", "Nasir ud Din Hotaq / Shams-ud-Din"),
    _p("Habib ur Rahman | Stanikzai | Mohammad Yousuf", "حبیب الرحمن | ستانکزی | محمد یوسف",
       "both",
       "Habiburrahman Stanekzai / Muhammad Yusuf", "Habib-ur-Rehman Stanikzay / Mohd Yousaf",
       "حبیب‌الرحمن ستانکزي / محمد يوسف"),
    _p("Zia ul Haq | Mangal | Noor Ahmad", "ضیاءالحق | منگل | نور احمد", "latin",
       "Ziaulhaq Mangal / Nur Ahmad", "Zia-ul-Haq Mangal / Noor Ahmed",
       "ضیاء الحق منگل / نوراحمد", "Ziaul Haq Mangal / Noor Ahmad"),
    _p("Abdul Qadir | Popal | Abdul Ghafoor", "عبدالقادر | پوپل | عبدالغفور", "both",
       "Abdulqadir Popal / Abdul Ghafur", "Abdul Kadir Popal / Abdulghafoor",
       "عبد القادر پوپل / عبد الغفور", "Abd-ul-Qader Popal / Abdul Gafoor"),
    _p("Mohammad Karim | Wardak | Mohammad Akbar", "محمد کریم | وردک | محمد اکبر", "both",
       "Muhammad Kareem Wardak / Muhammad Akbar", "محمد كريم وردك / محمد اكبر",
       "Mohammed Karim Wardak / Mohammad Akber", "Mohamad Kareem Wardaq / Mohd Akbar"),
    _p("Mahmood | Kakar | Ahmad Shah", "محمود | کاکړ | احمد شاه", "both",
       "Mahmud Kakar / Ahmad Shah", "Mehmood Kakkar / Ahmed Shah",
       "محمود کاکړ / احمدشاه", "Mahmood Kakar / Ahmadshah"),
    _p("Hamid | Noori | Abdul Hakim", "حامد | نوری | عبدالحکیم", "both",
       "Hameed Noori / Abdul Hakeem", "Hamid Nouri / Abdulhakim",
       "حامد نوري / عبد الحكيم", "Hamed Nuri / Abd-ul-Hakim"),
    # His brother: same family and father, another person.
    _p("Ahmad | Noori | Abdul Hakim", "احمد | نوری | عبدالحکیم", "both",
       "Ahmed Noori / Abdul Hakeem", "احمد نوری / عبدالحکیم", "Ahmad Nouri / Abdulhakim"),
    _p("Osman | Ghani | Mohammad Ismail", "عثمان | غنی | محمد اسماعیل", "native",
       "Usman Ghani / Muhammad Ismail", "Uthman Gani / Mohammad Esmail",
       "عثمان غني / محمد اسمعیل", "Othman Ghani / Mohd Ismael"),
    _p("Wali | Jan | Khan Wali", "ولی | جان | خان ولی", "both",
       "Vali Jan / Khan Wali", "Wali Jaan / Khanwali", "ولي جان / خان ولي"),
    _p("Yahya | Sadat | Sayed Jalal", "یحیی | سادات | سید جلال", "both",
       "Yahia Saadat / Syed Jalal", "Yehya Sadaat / Sayyid Jalal", "يحيى سادات / سيد جلال"),
    _p("Eid Mohammad | Safi | Haji Gul", "عید محمد | صافی | حاجی گل", "latin",
       "Id Muhammad Safi / Haji Ghul", "Eid Mohd Saafi / Hajji Gul",
       "عید محمد صافي / حاجي گل", "Eidmohammad Safi / Haji Gul"),
    _p("Ismail | Haidari | Ghulam Haidar", "اسماعیل | حیدری | غلام حیدر", "both",
       "Esmail Haidari / Gh. Haidar", "Ismael Haideri / Ghulam Hyder",
       "اسمعيل حيدري / غلام حيدر", "Ismail Hydari / Ghulam Haider"),
    _p("Fazal Ahmad | Amiri | Fazal Rahim", "فضل احمد | امیری | فضل رحیم", "both",
       "Fazl Ahmad Amiri / Fazl Raheem", "Fazal Ahmed Ameeri / Fazalrahim",
       "فضل‌احمد امیري / فضل رحيم"),
    _p("Zabihullah | Mujahid | Abdul Basir", "ذبیح الله | مجاهد | عبدالبصیر", "native",
       "Zabiullah Mujahed / Abdul Baseer", "Zabihullah Mojahid / Abdulbasir",
       "ذبيح‌الله مجاهد / عبد البصير", "Zabih Ullah Mujahid / Abdul Basir"),
    _p("Qudratullah | Sultani | Mohammad Sarwar", "قدرت الله | سلطانی | محمد سرور", "both",
       "Kudratullah Sultani / Muhammad Sarwar", "Qudrat Ullah Soltani / Mohammad Sarvar",
       "قدرت‌الله سلطاني / محمد سرور"),
    _p("Noorullah | Rahimi | Abdul Rahim", "نورالله | رحیمی | عبدالرحیم", "both",
       "Nurullah Raheemi / Abdurrahim", "Noor Ullah Rahimi / Abdul Raheem",
       "نور الله رحيمي / عبدالرحيم", "Noorullah Rahimy / Abd-ur-Rahim"),
    _p("Shafiqullah | Taniwal | Mohammad Hanif", "شفیق الله | تنیوال | محمد حنیف", "both",
       "Shafiq Ullah Taniwal / Muhammad Haneef", "Shafeequllah Tanewal / Mohd Hanif",
       "شفيق‌الله تنیوال / محمد حنيف"),
    _p("Asadullah | Barakzai | Mohammad Rafiq", "اسدالله | بارکزی | محمد رفیق", "both",
       "Asad Ullah Barakzay / Muhammad Rafique", "Asadulla Barakzai / Mohammad Rafeeq",
       "اسد الله باركزي / محمد رفيق"),
    _p("Ehsanullah | Ahmadi | Habibullah", "احسان الله | احمدی | حبیب الله", "both",
       "Ihsanullah Ahmadi / Habib Ullah", "Ehsan Ullah Ahmedi / Habibulla",
       "احسان‌الله احمدي / حبيب‌الله"),
    _p("Rahmatullah | Nazari | Abdul Jabbar", "رحمت الله | نظری | عبدالجبار", "native",
       "Rahmatulla Nazari / Abdul Jabar", "Rehmatullah Nazary / Abduljabbar",
       "رحمت‌الله نظري / عبد الجبار", "Rahmat Ullah Nazari / Abd-ul-Jabbar"),
    _p("Bibi Gul | Sultani | Sher Ali", "بی بی گل | سلطانی | شیر علی", "both",
       "Bibigul Sultani / Sher Ali", "Bibi Ghul Soltani / Shir Ali", "بي بي گل سلطاني / شيرعلي"),
    _p("Fatima | Rezaei | Mohammad Hussain", "فاطمه | رضایی | محمد حسین", "native",
       "Fatema Rezai / Muhammad Hussain", "Fatimah Rezaee / Mohammad Husain",
       "فاطمة رضائي / محمد حسين"),
    _p("Zainab | Mohammadi | Ghulam Sakhi", "زینب | محمدی | غلام سخی", "both",
       "Zaynab Muhammadi / Ghulam Sakhee", "Zeinab Mohammadi / Gh. Sakhi",
       "زينب محمدي / غلام سخي"),
    _p("Khalid | Zazai | Abdul Majid", "خالد | ځاځی | عبدالمجید", "both",
       "Khaled Zazai / Abdul Majeed", "Khalid Zazay / Abdulmajid", "خالد ځاځي / عبد المجيد"),
    _p("Najibullah | Popalzai | Abdul Ghani", "نجیب الله | پوپلزی | عبدالغنی", "both",
       "Najeebullah Popalzai / Abdul Ghanee", "Najib Ullah Popalzay / Abdulghani",
       "نجيب‌الله پوپلزي / عبد الغني"),
    _p("Gulbuddin | Sherzai | Mohammad Zahir", "گلبدین | شیرزی | محمد ظاهر", "latin",
       "Gulbudin Sherzay / Muhammad Zaheer", "Gulbuddin Shirzai / Mohd Zahir",
       "گلبدين شيرزي / محمد ظاهر"),
    _p("Aimal | Faizi | Mohammad Naeem", "ایمل | فیضی | محمد نعیم", "both",
       "Aymal Faizy / Muhammad Naim", "Aimal Faizee / Mohammad Naeem", "ایمل فيضي / محمد نعيم"),
    _p("Siddiqullah | Niazi | Abdul Samad", "صدیق الله | نیازی | عبدالصمد", "both",
       "Sediqullah Niazi / Abdus Samad", "Siddiq Ullah Neyazi / Abdussamad",
       "صديق‌الله نيازي / عبد الصمد", "Sidiqullah Niyazi / Abdul Samad"),
    _p("Lutfullah | Hashimi | Sayed Hashim", "لطف الله | هاشمی | سید هاشم", "both",
       "Lotfullah Hashemi / Syed Hashim", "Lutf Ullah Hashmi / Sayed Hashem",
       "لطف‌الله هاشمي / سيد هاشم"),
    _p("Mirwais | Hotaki | Abdul Aziz", "میرویس | هوتکی | عبدالعزیز", "latin",
       "Mir Wais Hotaki / Abdulaziz", "Mirways Hotaky / Abdul Azeez",
       "میرویس هوتكي / عبد العزيز"),
    _p("Jawed | Akbari | Ali Akbar", "جاوید | اکبری | علی اکبر", "both",
       "Javed Akbari / Ali Akber", "Jawid Akbary / Aliakbar", "جاويد اكبري / علي اكبر"),
    _p("Shukria | Rahmani | Mohammad Daud", "شکریه | رحمانی | محمد داود", "both",
       "Shukriya Rehmani / Muhammad Dawood", "Shokria Rahmani / Mohammad Dawud",
       "شكريه رحماني / محمد داوود"),
    _p("Obaidullah | Jalali | Abdul Wadud", "عبیدالله | جلالی | عبدالودود", "both",
       "Ubaidullah Jalali / Abdulwadood", "Obaid Ullah Jelali / Abdul Wadud",
       "عبيدالله جلالي / عبد الودود"),
    _p("Hekmatullah | Wardak | Sher Khan", "حکمت الله | وردک | شیر خان", "native",
       "Hikmatullah Wardak / Sherkhan", "Hikmat Ullah Wardaq / Sher Khan",
       "حكمت‌الله وردك / شيرخان"),
    _p("Farid | Popal | Mohammad Nasim", "فرید | پوپل | محمد نسیم", "both",
       "Fareed Popal / Muhammad Naseem", "Farid Popel / Mohd Nasim", "فريد پوپل / محمد نسيم"),
    _p("Shah Mahmood | Durrani | Ahmad Jan", "شاه محمود | درانی | احمد جان", "both",
       "Shah Mehmood Durani / Ahmed Jan", "Shahmahmood Durrani / Ahmad Jaan",
       "شاه‌محمود دراني / احمدجان"),
    _p("Baz Mohammad | Zadran | Mohammad Gul", "باز محمد | زدران | محمد گل", "both",
       "Baz Muhammad Zadran / Muhammad Ghul", "Bazmohammad Zadraan / Mohammad Gul",
       "باز محمد ځدران / محمد گل"),
    _p("Nazir Ahmad | Sahak | Abdul Hamid", "نذیر احمد | ساهک | عبدالحمید", "both",
       "Nazeer Ahmed Sahak / Abdul Hameed", "Nazir Ahmad Saahak / Abdulhamid",
       "نظیر احمد ساهک / عبد الحميد"),
    _p("Rohullah | Azimi | Gul Rahman", "روح الله | عظیمی | گل رحمن", "both",
       "Ruhullah Azeemi / Gul Rehman", "Roohullah Azimi / Gulrahman",
       "روح‌الله عظيمي / گل رحمان"),
    _p("Masood | Khalili | Abdul Khaliq", "مسعود | خلیلی | عبدالخالق", "both",
       "Masoud Khalili / Abdul Khaleq", "Masud Khalily / Abdulkhaliq",
       "مسعود خليلي / عبد الخالق"),
    _p("Spozhmai | Yousufzai | Gul Zaman", "سپوږمۍ | یوسفزی | گل زمان", "both",
       "Spozhmay Yusufzai / Gul Zaman", "Spozhmey Yousafzai / Gulzaman",
       "سپوږمی یوسفزی / گل زمان"),
    _p("Torialai | Mangal | Khial Mohammad", "توریالی | منگل | خیال محمد", "both",
       "Toryalai Mangal / Khyal Muhammad", "Turialay Mangal / Khial Mohd",
       "توريالي منگل / خيال محمد"),
    _p("Waheedullah | Sabawoon | Din Mohammad", "وحیدالله | ساباوون | دین محمد", "both",
       "Wahidullah Sabawoon / Din Muhammad", "Waheed Ullah Sabawun / Deen Mohammad",
       "وحيدالله ساباوون / دين محمد"),
    _p("Qasim | Amini | Mohammad Amin", "قاسم | امینی | محمد امین", "both",
       "Kasim Ameeni / Muhammad Ameen", "Qaseem Amini / Mohd Amin", "قاسم اميني / محمد امين"),
    _p("Abdullah | Mohmand | Abdul Latif", "عبدالله | مهمند | عبداللطیف", "both",
       "Abdulla Momand / Abdul Lateef", "Abd Allah Mohmand / Abdullatif",
       "عبد الله مهمند / عبد اللطيف"),
    _p("Sardar Mohammad | Alokozai | Haji Nabi", "سردار محمد | الکوزی | حاجی نبی", "latin",
       "Sardar Muhammad Alokozay / Hajji Nabi", "Sardar Mohd Alkozai / Haji Nabee",
       "سردار محمد الکوزی / حاجی نبی"),
    _p("Nangialai | Shinwari | Malik Jan", "ننگیالی | شینواری | ملک جان", "both",
       "Nangyalai Shinwari / Malak Jan", "Nangialay Shinwary / Malikjan",
       "ننگيالي شينواري / ملک جان"),
    _p("Bashir Ahmad | Lodin | Mohammad Aslam", "بشیر احمد | لودین | محمد اسلم", "both",
       "Basheer Ahmed Lodin / Muhammad Aslam", "Bashir Ahmad Ludin / Mohd Aslam",
       "بشير احمد لودين / محمد اسلم"),
    _p("Mursal | Nabizada | Abdul Rauf", "مرسل | نبی زاده | عبدالرئوف", "both",
       "Mursal Nabizadah / Abdul Raouf", "Morsal Nabi Zada / Abdurrauf",
       "مرسل نبی‌زاده / عبد الرؤوف"),
    _p("Parwin | Hakimi | Abdul Qayum", "پروین | حکیمی | عبدالقیوم", "native",
       "Parween Hakeemi / Abdul Qayoom", "Perwin Hakimi / Abdulqayyum",
       "پروين حكيمي / عبد القيوم"),
    _p("Anwar ul Haq | Ahadi | Mohammad Rasul", "انوارالحق | احدی | محمد رسول", "both",
       "Anwarulhaq Ahadi / Muhammad Rasool", "Anwar-ul-Haq Ahady / Mohammad Rasool",
       "انوار الحق احدي / محمد رسول"),
    _p("Sher Agha | Momand | Agha Mohammad", "شیر آغا | مومند | آغا محمد", "both",
       "Sheragha Mohmand / Agha Muhammad", "Shir Agha Momand / Aghamohammad",
       "شیرآغا مومند / آغا محمد"),
    _p("Latifa | Azizi | Abdul Aziz", "لطیفه | عزیزی | عبدالعزیز", "both",
       "Lateefa Azeezi / Abdulaziz", "Latifah Azizy / Abdul Azeez", "لطيفة عزيزي / عبد العزيز"),
    _p("Jamshid | Rasuli | Ghulam Farooq", "جمشید | رسولی | غلام فاروق", "both",
       "Jamsheed Rasooli / Ghulam Faruq", "Jamshed Rasouli / Gh. Farooq",
       "جمشيد رسولي / غلام فاروق"),
    _p("Khair Mohammad | Khairkhwa | Nur Mohammad", "خیر محمد | خیرخواه | نور محمد", "latin",
       "Khair Muhammad Khairkhah / Noor Muhammad", "Khairmohammad Khairkhwah / Nur Mohd",
       "خیر محمد خیرخواه / نور محمد"),
    _p("Roya | Samadi | Abdul Samad", "رویا | صمدی | عبدالصمد", "both",
       "Roya Samadi / Abdus Samad", "Rooya Samadee / Abdussamad", "رويا صمدي / عبد الصمد"),
    _p("Abdul Rahman | Ahmadzai | Sayed Akbar", "عبدالرحمن | احمدزی | سید اکبر", "native",
       "Abdurrahman Ahmadzai / Syed Akbar", "عبد الرحمن احمدزی / سید اکبر",
       "Abdul Rehman Ahmedzai / Sayed Akber", namesake_of=2),
    _p("Samiullah | Karimi | Mohammad Younus", "سمیع الله | کریمی | محمد یونس", "latin",
       "Sami Ullah Karimi / Muhammad Yunus", "سمیع‌الله کریمی / محمد یونس",
       "Samiullah Kareemi / Mohd Younas", namesake_of=3),
]  # fmt: skip

# Typing mistakes that no spelling rule explains; only trigram similarity (PostgreSQL)
# finds these: (index of the person in CORPUS, what was typed).
TYPOS: list[tuple[int, str]] = [
    (0, "Mohammad Nabi Sherzat"),
    (5, "Nasiruddin Hotal"),
    (10, "Mahmood Kakar Ahmad Sah"),
    (29, "Khalid Zazai Abdul Majit"),
    (46, "Spozhmai Yousufzai Gul Jaman"),
    (59, "Jamsid Rasuli Ghulam Farooq"),
]
