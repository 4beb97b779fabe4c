"""Help for the people who use the product: one page for each task, written for officers, and
linked from the pages where the task is done (`{% help_link %}`, in
decisions.templatetags.help_links).

The pages are public, so that someone can read how the product works before they have an
account; they hold nothing about any office or decision."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Topic:
    name: str  # the URL name, in the `help` namespace
    path: str
    title: str  # the page's heading, and "Help with <link text>" where it is linked from
    link_text: str
    who: str  # who does the task, for the index
    summary: str  # what the page helps with, for the index

    @property
    def url(self) -> str:
        return reverse(f"help:{self.name}")


TOPICS = [
    Topic(
        "drafting",
        "drafting-a-note/",
        "Drafting a decision note",
        "drafting a note",
        "Drafting officers",
        "Write a note part by part, check it and submit it for sign-off.",
    ),
    Topic(
        "signing",
        "signing-a-step/",
        "Signing a step",
        "signing a step",
        "Chief Executive, Monitoring Officer, Chief Finance Officer, legal adviser and other "
        "reviewers",
        "Read a note waiting for you, then sign your step, skip it or return the note to its "
        "drafter.",
    ),
    Topic(
        "deciding",
        "deciding/",
        "Deciding on a note",
        "deciding on a note",
        "The Commissioner or other decision-maker",
        "Approve a note, approve it subject to conditions or reject it, and record whether "
        "conditions are met.",
    ),
    Topic(
        "publishing",
        "determining-publication/",
        "Determining publication and publishing",
        "determining publication and publishing",
        "The Monitoring Officer, or the role the office names",
        "Decide what of a decided note the public sees, preview it and publish it; correct or "
        "take down a published record.",
    ),
    Topic(
        "record_taken",
        "recording-a-decision-already-taken/",
        "Recording a decision already taken",
        "recording a decision already taken",
        "Any officer of the office, with a second person to check",
        "Enter a decision signed on paper or taken before the office used this service, or "
        "import past records in bulk, and have it checked against the original.",
    ),
    Topic(
        "office_setup",
        "setting-up-an-office/",
        "Setting up an office",
        "setting up an office",
        "Office administrators",
        "Create an office and set its references, thresholds, ways of deciding, forms, "
        "funding sources and people.",
    ),
]

BY_NAME = {topic.name: topic for topic in TOPICS}
