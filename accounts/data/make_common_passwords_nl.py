"""Writes common-passwords-nl.txt beside this file: common Dutch passwords for
accounts.password_validation.DutchCommonPasswordValidator (next to Django's English list).

Where the list comes from: no leaked password dump. The words below were chosen by hand for this
project from everyday Dutch that people build passwords from: "wachtwoord" and "welkom", seasons,
months and days, holidays, family and love words, pets and nature, food, football clubs, cities and
the most common Dutch first names, plus words of a municipal workplace. Each word is written out
bare and with the endings people add to pass a length rule: digit runs, years (two and four
digits) and an exclamation mark. The validator also refuses a listed word followed by
any other digits or signs, so the list does not need every ending.

Run `python accounts/data/make_common_passwords_nl.py` after changing the words;
accounts/tests/test_common_passwords_nl.py checks that the file is current.
"""

from pathlib import Path

WORDS = """
wachtwoord paswoord wachtwoordje welkom welkomthuis geheim geheimpje inloggen toegang gebruiker
beheerder gemeente wijkpartner medewerker ambtenaar kantoor werk computer laptop internet
wijkkompas wijk buurt energie zonnepanelen duurzaam
lente voorjaar zomer najaar herfst winter
januari februari maart april mei juni juli augustus september oktober november december
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag weekend
sinterklaas kerstmis kerst pasen koningsdag carnaval vakantie zomervakantie
liefde schatje schat lieverd liefje mama papa moeder vader oma opa kinderen familie vriend
vriendin prinses engel engeltje hartje ikhouvanjou knuffel
zonneschijn zonnetje regenboog bloem bloemen tulp tulpen molen fiets konijn hond hondje kat
poes poesje paard paarden vogel beer beertje tijger leeuw draak vlinder
kaas appel banaan aardbei chocolade drop stroopwafel pannenkoek koffie bier
ajax feyenoord psv twente vitesse heerenveen oranje voetbal holland nederland
amsterdam rotterdam denhaag utrecht eindhoven groningen tilburg almere breda nijmegen haarlem
arnhem zwolle leiden maastricht delft amersfoort apeldoorn dordrecht leeuwarden enschede
deventer zaandam
jan piet kees henk gerrit johan peter sander daan sem lucas bram thomas ruben lars jeroen
emma julia sophie anna lisa sanne lotte eva fleur anouk linda sandra monique ingrid marieke
hallo hoi doei gezellig lekker mooi thuis huis tuin auto boot water
""".split()

ENDINGS = ["", "!", "1", "12", "123", "1234", "01", "1!", "123!"]
ENDINGS += [str(year) for year in range(2020, 2031)] + [f"{year % 100:02d}" for year in range(2020, 2031)]


def entries() -> list[str]:
    seen = {}
    for word in WORDS:
        for ending in ENDINGS:
            seen.setdefault(f"{word}{ending}", None)
    return sorted(seen)


if __name__ == "__main__":
    target = Path(__file__).with_name("common-passwords-nl.txt")
    lines = entries()
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} passwords to {target}")
