"""Word lists that more than one language module reads: quote marks, speech verbs and stopwords.

Pure data (strings and regular-expression parts); German and English side by side.
"""

from __future__ import annotations

import re

QUOTES = '"“”„«»‚‘’‹›'

DE_SPEECH_VERBS = (  # finite forms (participles only after an auxiliary, see DE_SPEECH_PARTICIPLES)
    r"sagte|sagten|sagt|sagen|erklärte|erklärten|erklärt|erklären|betonte|betonten|betont|betonen|behauptete|"
    r"behaupteten|behauptet|warnte|warnten|warnt|warnen|argumentierte|argumentierten|argumentiert|beharrte|"
    r"beharrten|beharrt|besteht|bestand|bestehen|fügte|fügten|teilte|teilten|teilt|meinte|meinten|meint|"
    r"versicherte|versichert|bekräftigte|bekräftigt|unterstrich|unterstreicht|bestätigte|bestätigten|bestätigt|"
    r"kündigte|kündigt|räumte|räumt|schrieb|schrieben|schreibt|spekulierte|spekulierten|berichtete|berichteten|"
    r"berichtet|berichten|erzählte|erzählten|erzählt|schilderte|schildert|erläuterte|erläutert|scherzte|scherzt|"
    r"kritisierte|kritisierten|kritisiert|kritisieren|forderte|forderten|fordert|fordern|mahnte|mahnt|"
    r"ergänzte|ergänzt|verkündete|verkündet|beklagte|beklagt|monierte|moniert|resümierte|resümiert|"
    r"glaubt|glaubte|glauben|prognostizieren|prognostiziert|prognostizierte|erwartet|erwartete|erwarten|"
    r"fürchtet|fürchtete|fürchten|vermutet|vermutete|schätzt|schätzte|stellte|stellt|verwies|verweist"
)
DE_SPEECH_PARTICIPLES = (
    r"gesagt|erklärt|betont|behauptet|gewarnt|argumentiert|spekuliert|bestätigt|mitgeteilt|versichert|"
    r"kritisiert|gefordert|berichtet|erzählt|geschildert|erläutert|angekündigt|eingeräumt|geschrieben"
)
EN_SPEECH_VERBS = (
    r"said|says|told|tells|claimed|claims|argued|argues|warned|warns|insisted|insists|added|adds|stated|"
    r"states|noted|notes|explained|announced|acknowledged|contended|maintained|wrote|writes|asserted|declared|"
    r"emphasized|stressed|predicted|asked|continued|recalled|responded|replied|countered|concluded|"
    r"summarized|tweeted|admitted|conceded|remarked|observed|demands|demanded|reported|reports|testified|"
    r"alleged|confirmed|denied|urged|reiterated|revealed|disclosed|estimated|cautioned|assured|complained|"
    r"boasted|recounted|believes|thinks|suggested|quipped|joked"
)
TIME_WORDS = (  # time words that follow a speaker: "said Wednesday", "sagte am Montag"
    r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|today|tonight|last|this|late|gestern|heute"
)
TIME_PHRASE = (
    rf"(?:\s+(?:on\s+)?(?:{TIME_WORDS})(?:\s+(?:week|month|year|night|morning|evening|afternoon))?)?"
)
SPEECH_VERB = rf"(?:{DE_SPEECH_VERBS}|{EN_SPEECH_VERBS})"
# "… !” Smith said." / "… ?” fragte er.": the closing quote does not end the sentence. Only the verbs that
# open a post-quote frame often enough to outweigh "“…!” Er stellte …" starting a new sentence.
_POST_QUOTE_VERBS = (
    r"sagte|sagten|sagt|erklärte|erklärten|erklärt|betonte|betonten|betont|behauptete|behaupteten|behauptet|"
    r"warnte|warnten|warnt|argumentierte|argumentierten|argumentiert|beharrte|beharrten|beharrt|besteht|"
    r"bestand|bestehen|fügte|fügten|teilte|teilten|meinte|meinten|versicherte|bekräftigte|unterstrich|"
    r"bestätigte|bestätigten|kündigte|räumte|schrieb|spekulierte|spekulierten|berichtete|berichteten|"
    r"said|says|told|tells|claimed|claims|argued|argues|warned|warns|insisted|insists|added|adds|stated|"
    r"states|noted|notes|explained|announced|acknowledged|contended|maintained|wrote|asserted|declared|"
    r"emphasized|stressed|predicted|asked|continued|recalled|responded|replied|countered|concluded|"
    r"summarized|tweeted|admitted|conceded|remarked|observed|demands|demanded|reported|reports|testified|"
    r"erzählte|erzählt|schilderte|schildert|ergänzte|ergänzt|scherzte|scherzt"
)
VERB_AFTER_QUOTE = re.compile(rf"\s*(?:[\w.-]+\s+){{0,3}}?(?:{_POST_QUOTE_VERBS}|fragte|so)\b")
# Words that carry no meaning for matching (German and English); dropped from full-text queries so common
# words do not pull in every document (they cost 8x the query time and lowered MAP on the benchmark).
STOPWORDS = frozenset(
    """a about above after again against all also although am among an and another any are as at be because
    been before being below between both but by can cannot could did do does doing down during each either
    every few for from further had has have having he her here hers herself him himself his how however i if
    in into is it its itself just least less like made make many me more most much must my never no nor not
    of off on once only or other ought our ours out over own said same says shall she should since so some
    still such than that the their theirs them themselves then there these they this those through to told
    too under until up very was we were what when where whether which while who whom whose why will with
    within without would you your yours
    aber alle allem allen aller alles als also am an auch auf aus bei beim bereits bin bis bisher bist da
    damit dann darauf das dass dein dem den denen der deren des dessen dich die dies diese diesem diesen
    dieser dieses doch dort du durch ein eine einem einen einer eines einige er es etwa euch für gegen gibt
    habe haben hat hatte hatten heute hier hinter ich ihr ihre ihrem ihren ihrer im immer in ist ja jede
    jedem jeden jeder jedoch jetzt kann kein keine keinen koennen können könnte machen man mehr mein meine
    mit muss müssen nach nicht noch nun nur ob oder ohne sagte sagen sehr sei sein seine seinem seinen
    seiner seit sich sie sind so soll sollen sollte sondern sowie über um und uns unter viel viele vom von
    vor war waren was wegen weil weiter welche wenn wer werde werden wie wieder will wir wird wollen worden
    wurde wurden würde würden zu zum zur zwischen""".split()
)
