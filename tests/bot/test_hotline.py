"""The hotline's commune question against the hub: every commune of the province, under its former
district, chosen by keys or code and remembered for the caller's number (issue 17, item 6)."""

from __future__ import annotations

from collections.abc import Callable

from bot.hotline.backend import HubBackend
from hub.accounts.service import principal_for_user
from hub.areas import service as areas
from hub.config import Settings
from hub.context import Hub
from voice.ivr.flow import CallFlow, FlowConfig
from voice.ivr.model import Commune
from voice.ivr.settings import HotlineSettings


def test_every_commune_of_the_province_is_offered_under_its_former_district(hub: Hub) -> None:
    communes = HubBackend(hub, hub.settings.var_dir / "feedback").communes()
    assert len(communes) == 102
    assert all(c.group for c in communes)
    groups = list(dict.fromkeys(c.group for c in communes))
    assert len(groups) == 24
    assert groups[0] == "Thành phố Buôn Ma Thuột"
    ea_kao = next(c for c in communes if c.code == "24169")
    assert ea_kao.group == "Thành phố Buôn Ma Thuột"
    assert max(sum(c.group == g for c in communes) for g in groups) <= 9  # each district fits the keypad


def test_a_caller_keys_district_then_commune_and_is_remembered_by_number(hub: Hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    flow = CallFlow(backend, FlowConfig(), "0905000777")
    flow.start()
    assert flow.state == "area" and len(flow.groups) == 24
    flow.digit("6")  # the sixth former district read: Huyện Cư M’gar
    assert flow.group == "Huyện Cư M’gar"
    names = [c.name for c in flow.choices]
    flow.digit(str(names.index("Xã Cư M’gar") + 1))
    assert flow.state == "menu"
    assert backend.caller("0905000777").commune.code == "24280"  # stored: the next call skips the question
    again = CallFlow(backend, FlowConfig(), "0905000777")
    again.start()
    assert again.state == "menu" and again.commune.code == "24280"


def test_a_caller_keys_the_five_digit_code(hub: Hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    flow = CallFlow(backend, FlowConfig(), "0905000778")
    flow.start()
    for key in "022015":  # 0, then Phường Tuy Hòa of the former Phú Yên
        flow.digit(key)
    assert backend.caller("0905000778").commune.name == "Phường Tuy Hòa"


def test_configured_communes_are_one_list_in_their_order(make_settings: Callable[..., Settings]) -> None:
    from hub.bootstrap import build_hub

    hub = build_hub(make_settings(ivr_communes="24280,24169"))
    try:
        communes = HubBackend(hub, hub.settings.var_dir / "feedback").communes()
        assert [c.code for c in communes] == ["24280", "24169"]
        flow = CallFlow(HubBackend(hub, hub.settings.var_dir / "feedback"), FlowConfig(), "0905000779")
        flow.start()
        assert flow.groups == [] and [c.code for c in flow.choices] == ["24280", "24169"]
    finally:
        hub.close()


def test_the_phone_answers_a_question_as_the_chat_does(hub: Hub) -> None:
    """Key 5 runs the chat's dialogue engine: the news of the commune asked on the phone is the answer
    the chat gives, read without its links; the chat's choices are keys, feedback and case status are
    the hotline's own (recording, keying the code), subscribing to messages is not offered."""
    from bot.dialogue.reply import spoken_text
    from bot.model import Inbound
    from bot.runtime import runtime_for
    from hub.contacts import service as contacts

    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    flow = CallFlow(backend, FlowConfig(), "0905000780")
    flow.start()
    for key in "024169":  # Phường Ea Kao by its code
        flow.digit(key)
    flow.digit("5")
    assert flow.state == "dialogue"
    titles = [o.title for o in flow.offers]
    assert titles == ["Tin mới ở xã, phường", "Lịch phát loa", "Gửi phản ánh, kiến nghị", "Tra cứu phản ánh"]
    assert [o.menu_key for o in flow.offers] == ["", "", "3", "4"]
    phone = backend.ask("0905000780", None, "1")  # key 1 again: the news, as a second turn
    assert phone is not None and "http" not in phone.text

    with hub.database.uow() as uow:
        contact = contacts.identify(uow, "web", "browser-ea-kao")
        contacts.remember_area(uow, contact, "24169")
        chat = runtime_for(hub).dialogue.respond(uow, contact, Inbound("web", "browser-ea-kao", "m1", text="/ask_info"))
        uow.commit()
    assert chat[0].text.startswith("Tin mới cho Phường Ea Kao:")
    assert phone.text == " ".join(spoken_text(r) for r in chat)
    assert "Nghe:" in chat[0].text and "Nghe:" not in phone.text


def test_a_caller_without_a_number_is_not_served_by_the_dialogue(hub: Hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    assert backend.ask("anonymous", None, "/help") is None


def test_the_office_hours_and_number_an_admin_set_are_what_the_caller_hears(hub: Hub) -> None:
    backend = HubBackend(hub, hub.settings.var_dir / "feedback")
    ea_kao = Commune("24169", "Phường Ea Kao")
    configured = hub.settings.of(HotlineSettings).ivr_office_hours
    assert backend.office(ea_kao) == f"Ủy ban nhân dân Phường Ea Kao. {configured}"
    with hub.database.uow() as uow:
        areas.set_office(uow, principal_for_user(uow, "admin", "web"), "24169", "0262 3999 111", "Sáng từ 7 giờ.")
        uow.commit()
    assert backend.office(ea_kao) == "Ủy ban nhân dân Phường Ea Kao. Sáng từ 7 giờ. Số điện thoại: 0262 3999 111."
