"""The hotline's call flow: a state machine, driven by events, answering with actions.

    greeting (+ emergencies of the caller's commune) → the commune, asked once → menu

The commune is chosen from one list when there are at most nine; otherwise in two keypad levels
(the former district, then its communes, eight a page with 9 for the next page), or by keying its
5-digit code after 0, or by saying its name (every commune of the province is in the grammar).
      1 news of the commune       2 broadcast schedule     3 feedback: tone, record, play back,
      4 a case's status by code   0 office and hours          confirm (1) or record again (2)
      5 the chat's dialogue       9 choose the commune again  * repeat

Key 5 talks with the same dialogue engine as the chat channels (`Backend.ask`): its replies are read
aloud and its choices become "bấm phím N"; a choice that needs typing in chat (feedback, a case
code) runs the hotline's own way of doing it (recording, keying the code).

Every question accepts a key, or one of its words when speech recognition is on. A key pressed
while a prompt plays interrupts it and counts at once (the session stops the audio when a new
`Play` comes). No answer or a wrong key repeats the question twice, then goes back to the menu;
at the menu, silence ends the call politely. A recording is never dropped once the caller spoke:
hanging up before confirming still files it, marked incomplete.

Nothing here knows SIP, audio or the database: see `voice.ivr.model` for the vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from voice.ivr import prompts
from voice.ivr.model import (
    Action,
    Backend,
    Commune,
    DiscardRecording,
    HangUp,
    Item,
    Listen,
    Offer,
    Piece,
    Play,
    Playback,
    Record,
    Recording,
    Say,
    StopRecording,
    Tone,
)
from voice.text import fold

T = TypeVar("T")

RETRIES = 2  # a question is asked again twice, then the caller goes back to the menu
MENU_KEYS = "123450 9*"
PAGE = 8  # choices per page of a long list; 9 is "the next page"
AREA_CODE_DIGITS = 5


@dataclass(frozen=True)
class FlowConfig:
    site: str = "thông tin cơ sở"
    input_seconds: float = 6.0
    record_max_seconds: int = 120
    record_silence_seconds: float = 6.0
    code_digits_max: int = 10
    by_voice: bool = False


class CallFlow:
    def __init__(self, backend: Backend, config: FlowConfig, number: str) -> None:
        self.backend = backend
        self.config = config
        self.number = number
        self.state = "start"
        self.commune: Commune | None = None
        self.choices: list[Commune] = []
        self.communes: list[Commune] = []  # every commune the caller may choose (by name or code)
        self.groups: list[str] = []  # the former districts, in the order they are read
        self.group = ""  # the former district chosen (second keypad level)
        self.page = 0
        self.question: tuple[Piece, ...] = ()  # what is asked again after a timeout or a wrong key
        self.failures = 0
        self.review: tuple[Piece, ...] = ()  # what “1 = listen again” replays
        self.offers: tuple[Offer, ...] = ()  # the dialogue's choices on keys 1…
        self.digits = ""
        self.recording: Recording | None = None
        self.empty_recordings = 0
        self.path: list[str] = []
        self.result = "hung_up"
        self.case_code: str | None = None
        self.ended = False

    # -- events ------------------------------------------------------------------------------------

    def start(self) -> list[Action]:
        caller = self.backend.caller(self.number)
        self.commune = caller.commune
        self.path.append("greeting")  # the session plays the greeting before the flow starts
        pieces: list[Piece] = []
        for item in self.backend.emergencies(self.commune):
            pieces += [Say(prompts.EMERGENCY), *_read(item)]
            self.path.append("emergency")
        if self.commune is None:
            return self._ask_area(tuple(pieces))
        return self._menu(tuple(pieces))

    def digit(self, key: str) -> list[Action]:
        if self.ended:
            return []
        handler = getattr(self, f"_key_{self.state}", None)
        return handler(key) if handler else []

    def word(self, text: str) -> list[Action]:
        """A recognised word: mapped to the key it stands for in the current question."""
        said = fold(text)
        if self.state in ("area", "area_code"):
            for commune in self.communes or self.choices:
                if said and said in _name_forms(commune.name):
                    return self._chosen(commune)
        if self.state == "confirm":
            if said in {fold(w) for w in prompts.YES_WORDS}:
                return self.digit("1")
            if said in {fold(w) for w in prompts.NO_WORDS}:
                return self.digit("2")
        for word, key in prompts.NUMBER_WORDS.items():
            if said == fold(word):
                return self.digit(key)
        return self._wrong(prompts.INVALID)

    def words(self) -> tuple[str, ...]:
        """What may be said now (the recogniser's word list)."""
        if self.state in ("area", "area_code"):
            names = [form for c in self.communes or self.choices for form in _spoken_forms(c.name)]
            return tuple(dict.fromkeys(names)) + tuple(prompts.DIGIT_WORDS)
        if self.state == "confirm":
            return (*prompts.YES_WORDS, *prompts.NO_WORDS, "một", "hai")
        if self.state in ("menu", "review", "dialogue"):
            return prompts.DIGIT_WORDS
        return ()

    def played(self) -> list[Action]:
        """The last `Play` was heard to the end."""
        if self.ended:
            return [HangUp()] if self.state == "goodbye" else []
        if self.state == "record_intro":
            self.state = "recording"
            return [Record(self.config.record_max_seconds, self.config.record_silence_seconds)]
        if self.state == "goodbye":
            self.ended = True
            return [HangUp()]
        if self.state in ("area", "area_code", "menu", "review", "confirm", "code", "dialogue"):
            return [Listen(self.config.input_seconds, self.words())]
        return []

    def timeout(self) -> list[Action]:
        if self.ended:
            return []
        if self.state == "code" and self.digits:
            return self._lookup()
        if self.state == "area_code" and self.digits:
            return self._area_lookup()
        if self.state == "confirm" and self.failures >= RETRIES and self.recording is not None:
            return self._file(incomplete=True)  # never lose what was said: unconfirmed, but kept
        return self._wrong(prompts.NOT_HEARD, silence=True)

    def recorded(self, recording: Recording) -> list[Action]:
        """The recording stopped (the caller pressed #, stayed silent, or reached the limit)."""
        if self.state != "recording":
            return []
        self.recording = recording
        if not recording.speech:
            self.empty_recordings += 1
            self.recording = None
            if self.empty_recordings > RETRIES:
                return [DiscardRecording(), *self._menu()]
            self.state = "record_intro"
            return [DiscardRecording(), Play((Say(prompts.RECORD_EMPTY), Tone()))]
        self.path.append("recorded")
        self.state = "confirm"
        self.failures = 0
        self.question = (Say(prompts.CONFIRM),)
        return [Play((Say(prompts.PLAYBACK), Playback(), Say(prompts.CONFIRM)))]

    def hung_up(self, recording: Recording | None = None) -> None:
        """The caller hung up. What they had recorded becomes a case, marked incomplete."""
        if self.ended:
            return
        self.ended = True
        if self.state == "recording" and recording is not None:
            self.recording = recording
        if self.state in ("recording", "confirm") and self.recording is not None and self.recording.seconds > 0:
            self._file(incomplete=True)

    # -- the menu ----------------------------------------------------------------------------------

    def _menu(self, before: tuple[Piece, ...] = ()) -> list[Action]:
        self.state = "menu"
        self.failures = 0
        self.question = (Say(prompts.MENU),)
        self.path.append("menu")
        return [Play((*before, *self.question))]

    def _key_menu(self, key: str) -> list[Action]:
        if key == "1":
            self.path.append("news")
            items = self.backend.news(self.commune)
            name = self._area_name()
            if not items:
                return self._show((Say(prompts.no_news(name)),))
            pieces: list[Piece] = [Say(prompts.news_count(len(items), name))]
            for item in items:
                pieces += _read(item)
            if self.result == "hung_up":
                self.result = "news"
            return self._show(tuple(pieces))
        if key == "2":
            self.path.append("schedule")
            items = self.backend.schedule(self.commune)
            pieces = [p for item in items for p in _read(item)] or [Say(prompts.schedule_none(self._area_name()))]
            return self._show(tuple(pieces))
        if key == "3":
            self.path.append("feedback")
            self.state = "record_intro"
            self.empty_recordings = 0
            return [Play((Say(prompts.record_intro(self.config.record_max_seconds)), Tone()))]
        if key == "4":
            self.path.append("status")
            self.state = "code"
            self.digits = ""
            self.failures = 0
            self.question = (Say(prompts.STATUS_ASK),)
            return [Play(self.question)]
        if key == "5":
            self.path.append("dialogue")
            return self._converse(prompts.DIALOGUE_START)
        if key == "0":
            self.path.append("office")
            return self._show((Say(self.backend.office(self.commune)),))
        if key == "9":
            return self._ask_area()
        if key == "*":
            return [Play(self.question)]
        return self._wrong(prompts.INVALID)

    def _show(self, pieces: tuple[Piece, ...]) -> list[Action]:
        """Read something, then offer to read it again or go back to the menu."""
        self.state = "review"
        self.review = pieces
        self.failures = 0
        self.question = (Say(prompts.REVIEW),)
        return [Play((*pieces, *self.question))]

    def _key_review(self, key: str) -> list[Action]:
        if key == "1":
            return [Play((*self.review, *self.question))]
        if key in ("*", "#"):
            return self._menu()
        return self._wrong(prompts.INVALID)

    # -- the chat's dialogue ----------------------------------------------------------------------

    def _converse(self, said: str) -> list[Action]:
        answer = self.backend.ask(self.number, self.commune, said)
        if answer is None:
            return self._menu((Say(prompts.DIALOGUE_UNAVAILABLE),))
        self.state = "dialogue"
        self.failures = 0
        self.offers = answer.offers[:9]
        self.question = (Say(prompts.offers([o.title for o in self.offers])),)
        return [Play((Say(answer.text), *self.question))]

    def _key_dialogue(self, key: str) -> list[Action]:
        if key.isdigit() and 1 <= int(key) <= len(self.offers):
            offer = self.offers[int(key) - 1]
            if offer.menu_key:
                return self._key_menu(offer.menu_key)
            self.path.append("dialogue_turn")
            return self._converse(offer.reply)
        if key == "*":
            return self._menu()
        return self._wrong(prompts.INVALID)

    # -- the commune -------------------------------------------------------------------------------

    def _ask_area(self, before: tuple[Piece, ...] = ()) -> list[Action]:
        self.communes = self.backend.communes()
        if not self.communes:
            return self._menu(before)
        self.state = "area"
        self.failures = 0
        self.group = ""
        self.page = 0
        if len(self.communes) <= 9:  # one list
            self.choices = self.communes
            self.groups = []
            self.question = (Say(prompts.ask_area([c.name for c in self.choices], self.config.by_voice)),)
            return [Play((*before, *self.question))]
        self.groups = list(dict.fromkeys(c.group or prompts.OTHER_COMMUNES for c in self.communes))
        return self._ask_page(before)

    def commune_questions(self) -> list[str]:
        """What the commune question says, every page of it (spoken into the prompt cache at start-up)."""
        batches = [self._ask_area()]
        for _ in range(max(0, (len(self.groups) - 1) // PAGE)):
            batches.append(self._key_area("9"))
        return [p.text for b in batches for a in b if isinstance(a, Play) for p in a.pieces if isinstance(p, Say)]

    def _ask_page(self, before: tuple[Piece, ...] = ()) -> list[Action]:
        """The current page of the former districts, or of the communes of the one chosen."""
        self.state = "area"
        self.failures = 0
        if self.group:
            shown, more = _page(self._members(), self.page)
            self.choices = shown
            text = prompts.ask_commune_in(self.group, [c.name for c in shown], more)
        else:
            names, more = _page(self.groups, self.page)
            self.choices = []
            text = prompts.ask_group(names, more, self.config.by_voice)
        self.question = (Say(text),)
        return [Play((*before, *self.question))]

    def _members(self) -> list[Commune]:
        return [c for c in self.communes if (c.group or prompts.OTHER_COMMUNES) == self.group]

    def _key_area(self, key: str) -> list[Action]:
        if not self.groups:  # one list
            if key.isdigit() and 1 <= int(key) <= len(self.choices):
                return self._chosen(self.choices[int(key) - 1])
            if key == "*":
                return [Play(self.question)]
            return self._wrong(prompts.INVALID)
        items: list[str | Commune] = [*self._members()] if self.group else [*self.groups]
        shown, more = _page(items, self.page)
        if key == "9" and more:
            self.page += 1
            return self._ask_page()
        if key.isdigit() and 1 <= int(key) <= len(shown):
            picked = shown[int(key) - 1]
            if isinstance(picked, Commune):
                return self._chosen(picked)
            self.group, self.page = picked, 0
            self.path.append(f"group:{picked}")
            return self._ask_page()
        if key == "0" and not self.group:
            self.state = "area_code"
            self.digits = ""
            self.failures = 0
            self.question = (Say(prompts.AREA_CODE_ASK),)
            return [Play(self.question)]
        if key == "*":
            if self.group:
                self.group, self.page = "", 0
                return self._ask_page()
            return [Play(self.question)]
        return self._wrong(prompts.INVALID)

    def _key_area_code(self, key: str) -> list[Action]:
        if key.isdigit():
            self.digits += key
            return self._area_lookup() if len(self.digits) >= AREA_CODE_DIGITS else []
        if key == "#":
            return self._area_lookup() if self.digits else self._wrong(prompts.NOT_HEARD)
        if key == "*":
            self.group, self.page = "", 0
            return self._ask_page()
        return []

    def _area_lookup(self) -> list[Action]:
        digits, self.digits = self.digits, ""
        found = next((c for c in self.communes if c.code == digits.zfill(AREA_CODE_DIGITS)), None)
        if found is not None:
            return self._chosen(found)
        self.failures += 1
        if self.failures > RETRIES:
            self.path.append("area:none")
            return self._menu((Say(prompts.area_code_unknown(digits)),))
        return [Play((Say(prompts.area_code_unknown(digits)), *self.question))]

    def _chosen(self, commune: Commune) -> list[Action]:
        self.commune = commune
        self.backend.remember(self.number, commune)
        self.path.append(f"area:{commune.code}")
        return self._menu((Say(prompts.area_chosen(commune.name)),))

    # -- feedback ----------------------------------------------------------------------------------

    def _key_record_intro(self, key: str) -> list[Action]:
        return []  # keys before the tone are ignored: the caller is about to speak

    def _key_recording(self, key: str) -> list[Action]:
        return [StopRecording()] if key == "#" else []

    def _key_confirm(self, key: str) -> list[Action]:
        if key == "1":
            return self._file(incomplete=False)
        if key == "2":
            self.path.append("record_again")
            self.recording = None
            self.state = "record_intro"
            return [DiscardRecording(), Play((Say(prompts.record_intro(self.config.record_max_seconds)), Tone()))]
        return self._wrong(prompts.INVALID)

    def _file(self, *, incomplete: bool) -> list[Action]:
        assert self.recording is not None
        recording, self.recording = self.recording, None
        try:
            code = self.backend.file_feedback(self.number, self.commune, recording, incomplete=incomplete)
        except Exception:
            # the recording stays in the store with its call details; `ttcs ivr` files it later
            self.path.append("filing_failed")
            self.result = "feedback_pending"
            return self._menu((Say(prompts.FILE_FAILED),))
        self.case_code = code
        self.result = "feedback_incomplete" if incomplete else "feedback"
        self.path.append(f"filed:{code}")
        return self._show((Say(prompts.filed(code)),))

    # -- status by code ----------------------------------------------------------------------------

    def _key_code(self, key: str) -> list[Action]:
        if key.isdigit():
            self.digits += key
            return self._lookup() if len(self.digits) >= self.config.code_digits_max else []
        if key == "#":
            return self._lookup() if self.digits else self._wrong(prompts.NOT_HEARD)
        if key == "*":
            return self._menu()
        return []

    def _lookup(self) -> list[Action]:
        digits, self.digits = self.digits, ""
        said = self.backend.case_status(self.number, digits)
        if said is None:
            self.failures += 1
            if self.failures > RETRIES:
                return self._menu((Say(prompts.STATUS_NOT_FOUND),))
            return [Play((Say(prompts.STATUS_NOT_FOUND), *self.question))]
        self.path.append("status_heard")
        if self.result == "hung_up":
            self.result = "status"
        return self._show((Say(said),))

    # -- mistakes and silence ----------------------------------------------------------------------

    def _wrong(self, why: str, *, silence: bool = False) -> list[Action]:
        self.failures += 1
        if self.failures <= RETRIES:
            return [Play((Say(why), *self.question))]
        if self.state == "menu":
            if silence:
                self.state = "goodbye"
                self.path.append("goodbye")
                return [Play((Say(prompts.GOODBYE),))]
            self.failures = 0
            return [Play((Say(why), *self.question))]
        if self.state in ("area", "area_code"):
            self.path.append("area:none")
        return self._menu((Say(why),))

    def _area_name(self) -> str:
        return self.commune.name if self.commune else "toàn tỉnh"


def _read(item: Item) -> list[Piece]:
    pieces: list[Piece] = [Say(item.intro)] if item.intro else []
    if item.clip is not None:
        pieces.append(item.clip)
    elif item.text:
        pieces.append(Say(item.text))
    return pieces


def _page(items: list[T], page: int) -> tuple[list[T], bool]:
    """One page of a list read on the keypad: all of it when it fits the nine keys, else eight a page
    (9 is "the next page", and the last page leads back to the first)."""
    if len(items) <= 9:
        return items, False
    pages = (len(items) + PAGE - 1) // PAGE
    start = (page % pages) * PAGE
    return items[start : start + PAGE], True


_KINDS = ("phường ", "xã ", "thị trấn ", "đặc khu ", "thị xã ", "thành phố ")


def _spoken_forms(name: str) -> list[str]:
    """What the recogniser's grammar holds for a commune: its name in lower case, with and without its
    kind ("phường ea kao", "ea kao"); what was heard is matched folded (`_name_forms`)."""
    written = " ".join(name.lower().replace("’", "'").split())
    forms = [written]
    for kind in _KINDS:
        if written.startswith(kind):
            forms.append(written[len(kind) :])
    return forms


def _name_forms(name: str) -> set[str]:
    """“Phường Ea Kao” may be said as “ea kao” or “phường ea kao”."""
    folded = fold(name)
    forms = {folded}
    for prefix in ("phuong ", "xa ", "thi tran ", "dac khu ", "thi xa ", "thanh pho "):
        if folded.startswith(prefix):
            forms.add(folded[len(prefix) :])
    return forms
