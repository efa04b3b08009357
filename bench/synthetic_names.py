"""Synthetic detainees' names for the benchmarks: realistic Afghan and Pakistani names
(common first parts such as Mohammad, Abdul- and -ullah weighted as they occur, a third
without a family name, names spelt several ways, some in Perso-Arabic script only). Every
name is a combination of common parts: none is a real person's.

``person_row(index)`` gives the same person for the same index, so a benchmark can respell
a seeded name in its queries.
"""

import random

# Latin spellings (the first is the commonest) = Perso-Arabic spelling, with a weight.
_SINGLE = """
Ahmad/Ahmed/Ahmd=احمد:8 Hamid/Hameed/Hamed=حامد:3 Karim/Kareem/Kerim=کریم:4 Nabi/Nabee=نبی:2
Wali/Vali=ولی:3 Yahya/Yahia=یحیی:1 Osman/Usman/Uthman=عثمان:3 Ismail/Esmail/Ismael=اسماعیل:3
Farid/Fareed=فرید:2 Jawed/Javed/Jawid=جاوید:2 Khalid/Khaled=خالد:3 Masood/Masoud/Masud=مسعود:2
Qasim/Kasim/Qaseem=قاسم:2 Bashir/Basheer=بشیر:2 Nazir/Nazeer=نذیر:2 Sardar=سردار:2
Aimal/Aymal=ایمل:1 Mirwais/Mir Wais=میرویس:1 Jamshid/Jamsheed/Jamshed=جمشید:1 Shah=شاه:2
Agha=آغا:2 Jan/Jaan=جان:3 Khan=خان:4 Ali=علی:4 Hussain/Husain/Hossain=حسین:3
Hassan/Hasan=حسن:3 Rashid/Rasheed=رشید:2 Daud/Dawood/Dawud=داود:2 Yousuf/Yusuf/Yousaf=یوسف:3
Akbar/Akber=اکبر:2 Zahir/Zaheer=ظاهر:2 Sharif/Shareef=شریف:2 Amin/Ameen=امین:2
Naeem/Naim=نعیم:1 Rafiq/Rafique/Rafeeq=رفیق:2 Hanif/Haneef=حنیف:1 Sarwar/Sarvar=سرور:1
Aslam=اسلم:1 Rasool/Rasul=رسول:2 Haidar/Hyder/Haider=حیدر:2 Sakhi=سخی:1 Nasim/Naseem=نسیم:1
Zaman=زمان:1 Noor/Nur=نور:3 Nasir/Naseer=ناصر:2 Tariq/Tareq=طارق:1 Wahid/Waheed=واحد:2
Sher/Shir=شیر:2 Baz=باز:1 Mir=میر:1 Din/Deen=دین:1 Eid/Id=عید:1 Fazal/Fazl=فضل:2 Ghulam/Gh.=غلام:3
Rahim/Raheem=رحیم:2 Rahman/Rehman=رحمن:2 Latif/Lateef=لطیف:1 Majid/Majeed=مجید:1 Aziz/Azeez=عزیز:2
Samad=صمد:1 Jalal=جلال:1 Bilal=بلال:1 Idris/Edris=ادریس:1 Ibrahim/Ebrahim=ابراهیم:2
Musa/Mosa=موسی:1 Isa/Eisa=عیسی:1 Omar/Umar=عمر:2 Sayed/Syed/Sayyid=سید:3 Haji/Hajji=حاجی:2
Fatima/Fatema=فاطمه:2 Zainab/Zaynab=زینب:1 Mariam/Maryam=مریم:2 Shukria/Shukriya=شکریه:1
Parwin/Parween=پروین:1 Latifa/Lateefa=لطیفه:1 Roya=رویا:1 Mursal=مرسل:1 Bibi=بی_بی:1
Nangialai/Nangyalai=ننگیالی:1 Torialai/Toryalai=توریالی:1 Spozhmai=سپوږمۍ:1 Gulalai=گلالی:1
"""
_ABDUL_ROOTS = """
Rahman/Rehman=رحمن Rahim/Raheem=رحیم Karim/Kareem=کریم Wahid/Waheed=واحد Qadir/Kadir=قادر
Ghafoor/Ghafur=غفور Hakim/Hakeem=حکیم Basir/Baseer=بصیر Samad=صمد Aziz/Azeez=عزیز
Jabbar/Jabar=جبار Latif/Lateef=لطیف Majid/Majeed=مجید Hamid/Hameed=حمید Khaliq/Khaleq=خالق
Rauf/Raouf=رئوف Qayum/Qayyum=قیوم Ghani/Ghanee=غنی Wadud/Wadood=ودود Hadi=هادی
Malik=مالک Baqi=باقی Salam=سلام Sattar/Satar=ستار Hai=حی Manan=منان
"""
_ULLAH_ROOTS = """
Sami/Samee=سمیع Najib/Najeeb=نجیب Zabih/Zabi=ذبیح Habib=حبیب Ehsan/Ihsan=احسان
Rahmat/Rehmat=رحمت Noor/Nur=نور Asad=اسد Lutf/Lotf=لطف Shafiq/Shafeeq=شفیق
Hekmat/Hikmat=حکمت Qudrat/Kudrat=قدرت Ruh/Rooh=روح Obaid/Ubaid=عبید Siddiq/Sediq=صدیق
Aman=امان Kifayat=کفایت Inayat/Enayat=عنایت Hayat=حیات Rafi=رفیع Saif=سیف Hamd=حمد
Wahid/Waheed=وحید Fazl=فضل Azmat=عظمت Irfan/Erfan=عرفان
"""
_FAMILY = """
Ahmadzai/Ahmedzai/Ahmadzay=احمدزی Sherzad/Shirzad=شیرزاد Karimi/Kareemi=کریمی
Zadran/Zadraan=زدران Hotak/Hotaq=هوتک Stanikzai/Stanekzai=ستانکزی Mangal=منگل Popal=پوپل
Wardak/Wardaq=وردک Kakar/Kakkar=کاکړ Noori/Nouri/Nuri=نوری Sadat/Saadat=سادات Safi/Saafi=صافی
Haidari/Hydari=حیدری Amiri/Ameeri=امیری Mujahid/Mujahed=مجاهد Sultani/Soltani=سلطانی
Rahimi/Raheemi=رحیمی Taniwal=تنیوال Barakzai/Barakzay=بارکزی Ahmadi/Ahmedi=احمدی
Nazari/Nazary=نظری Rezaei/Rezai=رضایی Mohammadi/Muhammadi=محمدی Zazai=ځاځی
Popalzai=پوپلزی Sherzai/Shirzai=شیرزی Faizi/Faizy=فیضی Niazi/Neyazi=نیازی
Hashimi/Hashemi=هاشمی Hotaki=هوتکی Akbari/Akbary=اکبری Rahmani/Rehmani=رحمانی
Jalali=جلالی Durrani/Durani=درانی Sahak=ساهک Azimi/Azeemi=عظیمی Khalili=خلیلی
Yousufzai/Yusufzai=یوسفزی Sabawoon=ساباوون Amini/Ameeni=امینی Mohmand/Momand=مهمند
Alokozai/Alkozai=الکوزی Shinwari/Shinwary=شینواری Lodin/Ludin=لودین Nabizada/Nabizadah=نبی_زاده
Hakimi/Hakeemi=حکیمی Ahadi/Ahady=احدی Azizi/Azeezi=عزیزی Rasuli/Rasooli=رسولی
Khairkhwa=خیرخواه Samadi=صمدی Achakzai/Achekzai=اچکزی Noorzai/Nurzai=نورزی Alizai=علیزی
Ishaqzai=اسحاقزی Mohseni/Muhseni=محسنی Qaderi/Qadiri=قادری Sediqi/Siddiqi=صدیقی Rasekh=راسخ
Hamidi/Hameedi=حمیدی Habibi=حبیبی Saberi/Sabiri=صابری Wazir=وزیر Afridi=آفریدی Orakzai=اورکزی
"""
_MOHAMMAD = (["Mohammad", "Muhammad", "Mohammed", "Mohd", "Mohamad"], "محمد")


def _pool(text: str, weighted: bool = False):
    entries = []
    for item in text.split():
        weight = 1
        if weighted:
            item, weight = item.rsplit(":", 1)
        latin, native = item.split("=")
        spellings = [s.replace("_", " ") for s in latin.split("/")]
        entries.append((spellings, native.replace("_", " "), int(weight)))
    return entries


SINGLE = _pool(_SINGLE.replace("Mir Wais", "Mir_Wais"), weighted=True)
SINGLE_WEIGHTS = [w for _, _, w in SINGLE]
ABDUL_ROOTS = _pool(_ABDUL_ROOTS)
ULLAH_ROOTS = _pool(_ULLAH_ROOTS)
FAMILY = _pool(_FAMILY)
ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك"})


def _given(rng: random.Random):
    """A given name as (list of parts), each part (Latin spellings, native)."""
    roll = rng.random()
    if roll < 0.22:
        return [(_MOHAMMAD[0], _MOHAMMAD[1]), _single(rng)]
    if roll < 0.36:
        spellings, native, _ = rng.choice(ABDUL_ROOTS)
        latin = [f"Abdul {spellings[0]}", f"Abdul{spellings[0].lower()}",
                 f"Abd-ul-{spellings[0]}", *(f"Abdul {s}" for s in spellings[1:])]  # fmt: skip
        return [(latin, "عبدال" + native)]
    if roll < 0.50:
        spellings, native, _ = rng.choice(ULLAH_ROOTS)
        return [([s + u for s in spellings for u in ("ullah", " Ullah", "ulla")], native + " الله")]
    if roll < 0.56:
        return [(["Gul", "Ghul"], "گل"), _single(rng)]
    if roll < 0.75:
        return [_single(rng), _single(rng)]
    return [_single(rng)]


def _single(rng: random.Random):
    spellings, native, _ = rng.choices(SINGLE, weights=SINGLE_WEIGHTS)[0]
    return spellings, native


def _family(rng: random.Random):
    if rng.random() < 0.33:
        return []
    spellings, native, _ = rng.choice(FAMILY)
    return [(spellings, native)]


def synthetic_person(index: int):
    """The same person for the same index, so queries can respell a seeded name."""
    rng = random.Random(index)
    return _given(rng), _family(rng), _given(rng), rng.random()


def spell(parts, rng: random.Random, native: bool) -> str:
    if native:
        text = " ".join(n for _, n in parts)
        return text.translate(ARABIC_FORMS) if rng.random() < 0.15 else text
    return " ".join(rng.choice(s) if rng.random() < 0.3 else s[0] for s, _ in parts)


def person_row(index: int) -> dict[str, str]:
    given, family, father, script_roll = synthetic_person(index)
    rng = random.Random(index * 7 + 1)
    row = dict.fromkeys(
        ("given_name", "family_name", "father_name", "given_name_native", "family_name_native",
         "father_name_native"), "",
    )  # fmt: skip
    if script_roll < 0.85:
        row.update(given_name=spell(given, rng, False), family_name=spell(family, rng, False),
                   father_name=spell(father, rng, False))  # fmt: skip
    if script_roll >= 0.75:
        row.update(given_name_native=spell(given, rng, True),
                   family_name_native=spell(family, rng, True),
                   father_name_native=spell(father, rng, True))  # fmt: skip
    return row
