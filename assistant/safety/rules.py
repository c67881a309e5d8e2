"""Hand-written risk rules: the floor (what must always fire) and the markers that adjust tiers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.types import Subject, Tier


@dataclass(frozen=True)
class Rule:
    """One pattern: a match puts the message in `category` at `tier` or above."""

    id: str
    category: str
    tier: Tier
    subject: Subject
    pattern: re.Pattern[str]


def _r(rule_id: str, category: str, tier: Tier, subject: Subject, *patterns: str) -> Rule:
    return Rule(
        rule_id, category, tier, subject, re.compile("|".join(f"(?:{p})" for p in patterns))
    )


_I = r"\b(?:i|i am|i have|i was|i would|i will|me|myself)\b"
_KIN = (
    r"(?:client|mum|mother|dad|father|child|kid|boy|girl|baby|toddler|teen(?:ager)?|"
    r"young person|yp|son|daughter|parent|carer|partner|husband|wife|boyfriend|girlfriend|"
    r"stepdad|stepmum|grandad|grandma|nan|brother|sister|service user|family|man|woman|lad|"
    r"sibling|infant|pupil|student|resident|tenant|neighbour)"
)
_3P = r"\b(?:he|she|they|him|her|them|his|their)\b"
_SELF_DIE = (
    r"(?:die|be dead|kill myself|end (?:it|it all|my life|things|everything)|"
    r"take my (?:own )?life|not be alive|not exist|not be here|disappear forever)"
)
_MEDS = (
    r"(?:pills?|tablets?|paracetamol|ibuprofen|aspirin|co-?codamol|codeine|tramadol|"
    r"sertraline|citalopram|fluoxetine|mirtazapine|amitriptyline|diazepam|zopiclone|"
    r"lithium|insulin|propranolol|quetiapine|olanzapine|morphine|oxycodone|fentanyl|"
    r"antidepressants?|sleeping pills?|meds|medication|painkillers?|anti-?freeze|bleach|"
    r"pesticides?|weed ?killer|paraquat|rat poison|poison)"
)
_STRUCTURE = (
    r"(?:bridge|building|car ?park|multistorey|tower|cliff|block of flats|flats|"
    r"viaduct|roof|rooftop|balcony|ledge|quarry|crane|skyscraper|overpass|flyover)"
)

RULES: list[Rule] = [
    # -- suicidal ideation (the worker) --------------------------------------------------
    _r(
        "si.explicit",
        "suicidal_ideation",
        "high",
        "self",
        r"\bkill(?:ing)? myself\b",
        r"\bsuicidal\b",
        r"\b(?:thinking|thought|think|thoughts|thinking seriously) (?:about|of) suicide\b",
        r"\bcommit(?:ting)? suicide\b",
        r"\bsuicide (?:is|seems|feels like) (?:the|my|an) "
        r"(?:only|best|easiest|answer|way|option)",
        rf"\b(?:want|wants|wanted|wanting|wish|going|plan|planning|ready|need|decided|deciding|tempted|"
        rf"trying|try|thinking about|thought about|think about|urge|urges|mean) (?:to )?{_SELF_DIE}\b",
        r"\bend(?:ing)? (?:it all|my life|my own life|things for good)\b",
        r"\btak(?:e|ing) my (?:own )?life\b",
        r"\b(?:better|rather be) (?:off )?dead\b",
        r"\bwish(?:ing|ed)? (?:i|i was|i were) (?:was |were )?dead\b",
        r"\bwant(?:ed)? to be dead\b",
        r"\bno (?:reason|point) (?:to|in) (?:live|living|being alive|going on|carrying on|existing)\b",
        r"\bdon'?t want to (?:be alive|live|exist|be here any ?more|go on|wake up)\b",
        r"\b(?:life|living) (?:is not|isn'?t|is no longer|aint|ain'?t) worth (?:living|it)\b",
        r"\bin front of (?:a|the) (?:train|bus|lorry|truck|car)\b",
        r"\b(?:hang|hanging|drown|drowning|shoot|shooting|poison|poisoning|gas|gassing) myself\b",
        rf"\b(?:jump|jumping|throw myself|throwing myself) (?:off|from) (?:a |the |that )?{_STRUCTURE}",
        r"\b(?:jump|jumping|throw myself|throwing myself|step|stepping|walk|walking) in front of\b",
        r"\bsuicide (?:note|letter|plan)\b",
        r"\bplan(?:ning)? (?:my|to) (?:suicide|death)\b",
    ),
    _r(
        "si.passive",
        "suicidal_ideation",
        "concern",
        "self",
        r"\b(?:sleep|go to sleep|fall asleep) and (?:not|never) wake up\b",
        r"\b(?:not|never|don'?t) (?:want to )?wake up\b.{0,20}\b(?:again|tomorrow|morning)\b",
        r"\bwish(?:ed)? i (?:could )?(?:would(?:n'?t| not)|did(?:n'?t| not)|could(?:n'?t)?) wake up\b",
        r"\b(?:hope|hoping) i (?:don'?t|do not|never) wake up\b",
        r"\bnobody would (?:care|notice|miss me|even notice)\b",
        r"\b(?:would|'?d) (?:all )?be better off without me\b",
        r"\bbetter off without me\b",
        r"\bwon'?t be (?:here|around|dealing with (?:this|it|any of this)|a (?:problem|burden)|"
        r"bothering anyone)\b.{0,25}\b(?:long|longer|any ?more|soon)\b",
        r"\b(?:not|won'?t) be (?:here|around) (?:much|for) (?:longer|long)\b",
        r"\bnot (?:be )?(?:here|around) any ?more\b",
        r"\bwhat'?s the point (?:of|in) (?:living|life|being alive|going on|carrying on|it all|"
        r"anything|me|existing|waking up)\b",
        r"\bno point (?:in )?(?:living|going on|carrying on|being here|me being here|waking up)\b",
        r"\b(?:tired|sick) of (?:living|being alive|life|existing|being here)\b",
        r"\b(?:done|finished) with (?:life|living|being alive)\b",
        r"\bwant (?:it all|everything|the pain|it) to (?:stop|end) for good\b",
        r"\b(?:want|wish) (?:everything|it all) (?:to|would) (?:stop|end)\b",
        r"\b(?:sleep|rest) forever\b",
        r"\b(?:stop|cease|ceasing) (?:to )?exist(?:ing)?\b",
        r"\bdisappear (?:forever|for good|and never come back)\b",
        r"\bwouldn'?t mind if i (?:died|didn'?t wake up|got hit|was hit|crashed|never woke)\b",
        r"\b(?:if|hope) i (?:got|get|was|were) hit by (?:a|the) (?:bus|car|lorry|train|truck)\b",
        r"\bcan'?t (?:go on|see a way out|see the point)\b",
        r"\b(?:i am|i feel like) (?:a|such a) burden\b",
        r"\bburden (?:to|on) everyone\b",
        r"\bcheck(?:ing)? out early\b",
        r"\bgive up on (?:life|living|everything)\b",
        r"\bend(?:ing)? it\b",
        r"\b(?:don'?t|do not|can'?t|cannot) see the point (?:of|in) (?:carrying on|going on|living|"
        r"anything|life|being here|me)\b",
        r"\b(?:happier|better|easier|better off) (?:off )?(?:if|when) i (?:wasn'?t|was not|weren'?t|"
        r"am not|was gone|died)\b",
        r"\bthe world without me\b",
        r"\bno ?(?:one|body)'?d miss me\b",
        r"\beveryone'?d be (?:better|happier)\b",
        r"\bdon'?t (?:want to|wanna) be here\b",
        r"\b(?:say|said|saying) goodbye to everyone\b",
    ),
    _r(
        "si.plan",
        "suicidal_ideation",
        "imminent",
        "self",
        rf"\b{_MEDS}\b.{{0,30}}\b(?:lined up|counted out|in front of me|in my hand|ready to take)\b",
        r"\bgoing to take (?:them|them all|all of them|the lot|everything|the (?:pills|tablets))\b",
        r"\b(?:wrote|written|writing|left) (?:letters|a note|notes|goodbye letters?) (?:to|for)\b",
        r"\b(?:have|i have|just|already) (?:taken|took|swallowed) (?:a load of|all (?:of )?my|loads "
        r"of|a lot of|too many|a whole (?:box|packet) of|the whole)\b",
        r"\b(?:i am|i'?m) (?:on|at|standing on|sitting on|sat on) (?:the |a )?(?:edge|ledge|railing|"
        r"tracks)\b",
    ),
    # -- means and methods ---------------------------------------------------------------
    _r(
        "means.lethality",
        "means_seeking",
        "high",
        "self",
        r"\b(?:lethal|fatal|deadly|toxic|poisonous|dangerous|overdose) (?:dose|amount|quantity|"
        r"level|number)\b",
        r"\bhow (?:many|much) .{0,40}\b(?:to (?:die|kill|overdose|be fatal)|would (?:kill|be "
        r"lethal|be fatal|be deadly|be an overdose)|is (?:lethal|fatal|deadly|too much|an overdose)|"
        r"before (?:you|i|someone|a person) die|(?:kill|kills) (?:you|a person|someone|me))\b",
        rf"\b(?:overdose|die|kill (?:you|me|myself|someone)) (?:on|from|with) .{{0,20}}{_MEDS}",
        rf"\bhow (?:many|much) .{{0,30}}{_MEDS}.{{0,30}}\b(?:would it take|does it take|would i need|"
        rf"do you need|to take to|before)\b",
        rf"{_MEDS}.{{0,40}}\b(?:lethal|fatal|deadly|kill (?:you|me|someone|a person)|overdose)\b",
        r"\b(?:most|more|least) (?:toxic|poisonous|lethal|deadly|dangerous)\b",
        r"\b(?:painless|quick|quickest|easiest|best|surest|fastest|peaceful) (?:way|method|ways|"
        r"methods) (?:to|of) (?:die|dying|kill|suicide|end)\b",
        r"\b(?:painless|peaceful) (?:death|suicide)\b",
        r"\b(?:maximum|max|highest) (?:dose|amount)\b.{0,40}\b(?:dangerous|fatal|lethal|deadly|kill|die)\b",
        r"\b(?:before|until) (?:it|they) (?:is|are|becomes?|'s) (?:dangerous|fatal|lethal|deadly)\b",
        rf"\bhow (?:many|much) .{{0,30}}{_MEDS}.{{0,30}}\b(?:would|does|do|should|could) (?:someone|a "
        rf"person|you|i|one|it|they) (?:need|take)\b",
        r"\bsuicide method",
        rf"\bwhat happens (?:if|when) (?:you|someone|a person|i) (?:take|takes|swallow|swallows|"
        rf"drink|drinks) .{{0,30}}{_MEDS}",
        r"\b(?:tie|make|making|tying) a (?:noose|ligature)\b",
        r"\bnoose\b",
        r"\bcarbon monoxide\b.{0,40}\b(?:how|die|kill|long|car)\b",
        r"\bcharcoal\b.{0,30}\b(?:tent|car|room|burn)\b",
        rf"\bwhere (?:can|could|do|would) (?:i|you|someone) (?:buy|get|find) .{{0,25}}"
        rf"(?:{_MEDS}|rope|gun|barbiturates?|nembutal|cyanide|helium)\b",
    ),
    _r(
        "means.height",
        "means_seeking",
        "high",
        "self",
        rf"\b(?:how high|how tall|high enough|tall enough|how far (?:is the )?(?:drop|fall)|drop "
        rf"from|fall from|fall off|jump from|jump off)\b.{{0,50}}\b{_STRUCTURE}",
        rf"\b(?:what|which|where|tell me|list|name|find|is|are|any)\b.{{0,30}}\b(?:tallest|highest|"
        rf"height of)\b.{{0,50}}\b{_STRUCTURE}",
        rf"\b(?:what|which|where)\b.{{0,20}}\b{_STRUCTURE}s?\b.{{0,40}}\b(?:tallest|highest|height)\b",
        rf"\b{_STRUCTURE}s?\b.{{0,50}}\b(?:how high|how tall|high enough|tall enough|drop|fall|jump|"
        rf"survive)\b",
        r"\b(?:survive|survivable|die from|kill you) (?:a |the )?(?:fall|jump|drop)\b",
        r"\bwhich (?:floor|storey|level) .{0,30}\b(?:survive|die|kill|fatal|high enough)\b",
    ),
    _r(
        "means.crash",
        "means_seeking",
        "high",
        "self",
        r"\bunsurvivable\b",
        r"\b(?:survive|survivable|survivability|die|kill (?:you|me|someone)|fatal)\b.{0,50}"
        r"\b(?:crash|hitting|hit|collision|mph|motorway|tree|wall|lorry|bridge support)\b",
        r"\b(?:crash|hitting|hit|collision|drive into|drove into)\b.{0,50}\b(?:survive|survivable|"
        r"die|kill (?:you|me)|fatal|mph)\b",
    ),
    _r(
        "means.other",
        "means_seeking",
        "high",
        "self",
        r"\bhow long (?:does it|would it|will it|to|can you|can someone|can a person|before you)\b"
        r".{0,40}\b(?:die|bleed out|suffocate|drown|starve|without (?:food|water|eating|drinking)|"
        r"lose consciousness|pass out)\b",
        r"\b(?:fast|express|non-?stopping|through) trains?\b",
        r"\btrains?\b.{0,30}\b(?:jump|step out|in front|speed|how fast)\b",
        r"\b(?:artery|arteries|vein|veins|wrist|wrists)\b.{0,40}\b(?:deep|cut|how|where|bleed)\b",
        r"\b(?:cut|slit|slash)\b.{0,20}\b(?:artery|arteries|vein|veins|wrist|wrists)\b",
    ),
    # -- self-harm ---------------------------------------------------------------------
    _r(
        "sh.explicit",
        "self_harm",
        "high",
        "self",
        r"\b(?:cut|cutting|cuts|burn|burning|burnt|burned|scratch|scratching|harm|harming|hurt|"
        r"hurting|hit|hitting|punch|punching|bang|banging|starve|starving|bruise|bruising|pinch|"
        r"pinching|bite|biting) myself\b",
        r"\b(?:i|i am|i have|i have been|i was|been|started|start|keep|kept|my)\s+(?:\w+\s+){0,2}"
        r"self harm(?:ing|ed)?\b",
        r"\bself harm.{0,40}\b(?:again|relapse|urge|myself|started)\b",
        r"\burges? to (?:cut|hurt|burn|harm|self harm)\b",
        r"\b(?:hide|hiding|cover|covering|conceal|concealing)\b.{0,25}\b(?:my )?(?:cuts|scars|"
        r"burns|marks|wounds|injuries|self harm)\b",
        r"\bmy (?:cuts|scars|fresh cuts|wounds|burns)\b",
        r"\b(?:long sleeves?|sleeves|top|jumper|hoodie|plasters?|make-?up|foundation)\b.{0,40}"
        r"\b(?:cuts|scars|burns|marks on my)\b",
        r"\brelapsed?\b.{0,30}\b(?:cut|cutting|harm|blade)\b",
        r"\bblade\b.{0,20}\bmy (?:arm|leg|skin)\b",
    ),
    # -- harm to others ------------------------------------------------------------------
    _r(
        "hto.worker",
        "harm_to_others",
        "concern",
        "self",
        r"\b(?:i|i am|i was|i will|i would|i could|i want to|i wanted to|i am going to|i nearly|"
        r"i almost|part of me wants to|i felt like i could|i have been thinking about)\b.{0,20}"
        r"\b(?:hurt|hit|punch|punching|strangle|throttle|smack|batter|stab|slap|kick|deck|thump|"
        r"attack|kill|murder|glass|knock (?:him|her) out|lamp|smash (?:his|her) face)\b.{0,25}"
        r"\b(?:him|her|them|that (?:dad|mum|father|mother|man|woman|guy|bloke|parent|manager|"
        r"colleague|family|idiot|bastard|prick)|the (?:dad|mum|father|mother|parent|manager|"
        r"colleague|family))\b",
    ),
    _r(
        "hto.third_party",
        "harm_to_others",
        "concern",
        "third_party",
        rf"\b(?:he|she|they|{_KIN})\b.{{0,40}}\b(?:threaten(?:ed|ing|s)?|said (?:he|she|they)"
        rf"(?: would| will| is going to| was going to|'?ll|'?d)?|going to|swore (?:he|she) would|"
        rf"promised to)\b.{{0,30}}\b(?:kill|hurt|stab|batter|beat|hit|harm|burn|attack|shoot|"
        rf"strangle|do (?:her|him) in|get (?:her|him|them|the kids))\b",
    ),
    # -- safeguarding disclosures about others -------------------------------------------
    _r(
        "sg.child",
        "safeguarding",
        "concern",
        "third_party",
        r"\b(?:told me|disclosed|disclosure|said|says|whispered|admitted)\b.{0,50}\b(?:touch(?:ed|es|"
        r"ing)|hits? (?:him|her|them|me)|hurts? (?:him|her|them|me)|beat(?:s|en)? (?:him|her|them|me)|"
        r"abus(?:ed|es|ing)|rape|raped|sexual|belt|burn(?:ed|t|s) (?:him|her|them|me)|"
        r"locks? (?:him|her|them|me)|kicks? (?:him|her|them|me)|scared to go home|not safe at home)\b",
        rf"\b(?:bruis(?:e|es|ing)|marks|burns?|injur(?:y|ies)|black eye|fracture|welts|bite marks|"
        rf"cigarette burns?|finger ?marks)\b.{{0,40}}\b(?:on|to|around|across) (?:his|her|their|the)"
        rf"\b.{{0,20}}\b(?:{_KIN}|arms?|legs?|face|back|neck|body|bum|cheek|wrists?|ears?)\b",
        rf"\b(?:{_KIN}|\d+[- ]?(?:year|yr)s?[- ]?old)s?\b.{{0,60}}\b(?:bruis|burn mark|injur|"
        rf"left alone|home alone|on (?:her|his|their) own all night|no food|hungry all the time|"
        rf"not (?:been )?fed|locked in|sexual|touching|abus|neglect|scared to go home|"
        rf"doesn'?t want to go home|slapped|punched|kicked|beaten|hit (?:him|her|them))",
        r"\b(?:home alone|left alone|unsupervised)\b.{0,40}\b(?:\d+|baby|toddler|infant|kids|"
        r"children|siblings)\b",
        r"\b(?:keep (?:it|this|a|the) (?:a )?secret|promise (?:not|i won'?t) (?:to )?tell|"
        r"not (?:to )?tell (?:anyone|anybody|mum|dad|my mum|my dad|social|the social|the police)|"
        r"don'?t tell (?:anyone|anybody|mum|dad|my mum|my dad|the social|social services))\b",
        r"\b(?:county lines|groom(?:ed|ing)|sexual(?:ly)? exploit|cse\b|cce\b|trafficked|"
        r"exploited|older (?:men|man|boyfriend|lads)\b.{0,40}\b(?:gifts|money|phone|car|picks? "
        r"(?:her|him) up|drugs))",
        r"\b(?:no food in|filth|squalor|faeces|dog mess|soaked nappy|nappy (?:hadn'?t|not) been)\b",
    ),
    _r(
        "sg.adult",
        "safeguarding",
        "concern",
        "third_party",
        r"\b(?:son|daughter|nephew|niece|grandson|granddaughter|carer|neighbour|family|partner|"
        r"husband|wife|lodger|friend)\b.{0,50}\b(?:taking|took|taken|stealing|stole|using|used|"
        r"emptied|emptying|draining|drained|controls?|controlling|helping (?:himself|herself))\b"
        r".{0,30}\b(?:money|pension|bank|card|benefits|savings|cash|account|pin)\b",
        r"\b(?:he|partner|husband|boyfriend|ex)\b.{0,40}\b(?:hits?|beats?|beating|strangl|chok|"
        r"punch|kicks?|kicking|controls? (?:her|everything)|threaten|raped?|locks? her)\b"
        r".{0,30}\b(?:her|mum|my client|the mother|the kids|the children|his (?:partner|wife|"
        r"girlfriend|kids|children|son|daughter))\b",
        rf"\b(?:he|she|they|ex|{_KIN})\b.{{0,40}}\b(?:with|has|had|got|holding|waving|pulled) "
        rf"(?:a |an )?(?:knife|gun|weapon|machete|blade|bat|hammer)\b",
        r"\b(?:domestic (?:abuse|violence)|coercive control)\b.{0,60}\b(?:happening|still|again|"
        r"told me|disclosed|going on|last night|this week)\b",
        r"\b(?:older|elderly|vulnerable|disabled) (?:man|woman|lady|gentleman|adult|client|person)\b"
        r".{0,60}\b(?:bruis|hit|locked|not fed|neglect|scared|money|taken advantage|left alone)\b",
    ),
    _r(
        "sg.colleague",
        "safeguarding",
        "concern",
        "third_party",
        r"\b(?:colleague|worker|driver|carer|foster carer|staff|manager|escort|support worker|she|"
        r"he)\b.{0,80}\b(?:drunk|smelled of (?:alcohol|booze|drink|wine|beer)|smelt of (?:alcohol|"
        r"booze|drink)|under the influence|high|stoned|over the limit|hungover|been drinking|"
        r"slurring|on something)\b.{0,80}\b(?:drive|driving|drove|transport|car|minibus|kids|"
        r"children|contact)\b",
        r"\b(?:drive|driving|drove|transport|car|minibus)\b.{0,80}\b(?:drunk|smelled of alcohol|"
        r"under the influence|over the limit|been drinking|stoned|high)\b",
    ),
    _r(
        "sg.client_risk",
        "safeguarding",
        "concern",
        "third_party",
        r"\b(?:wants to|going to|threatening to|threatened to|talking about|talked about|said (?:she|he|"
        r"they) would|tried to|planning to) (?:kill (?:her|him|them)sel(?:f|ves)|end (?:her|his|"
        r"their) (?:own )?life|take (?:her|his|their) (?:own )?life|die)\b",
        r"\bkill(?:ing)? (?:her|him|them)sel(?:f|ves)\b",
        r"\b(?:she|he|they|client|service user|young person|mum|dad|teen(?:ager)?|boy|girl) "
        r"(?:is|are|was|seems|feels|sounded|has been|have been) (?:really |very )?suicidal\b",
        r"\b(?:cutting|harming|burning) (?:her|him|them)sel(?:f|ves)\b",
        r"\b(?:has|have|just) (?:taken|took) an overdose\b",
    ),
    # -- possible psychosis ------------------------------------------------------------
    _r(
        "psy.delusion",
        "psychosis",
        "concern",
        "self",
        r"\bi (?:am|know i am|think i am|feel like i am) (?:actually |already |really )?dead\b",
        r"\bi(?: have|'ve)? died (?:already|weeks ago|and)\b",
        r"\b(?:tv|telly|television|radio|news|adverts?|phone|laptop|computer|number plates?)\b.{0,40}"
        r"\b(?:sending|talking to|speaking to|messages? (?:to|for|about) me|signals|"
        r"coded messages|is about me|are about me|controlling)\b",
        r"\b(?:hear|hearing|heard) voices\b",
        r"\bvoices?\b.{0,40}\b(?:tell(?:ing)? me|telling|in my "
        r"head|commanding|say(?:s|ing)? i should|won'?t stop)\b",
        r"\b(?:implant(?:ed|ing)?|insert(?:ed|ing)?|putting|stealing|broadcasting|reading|"
        r"controlling)\b.{0,25}\b(?:my )?(?:thoughts|mind|brain)\b",
        r"\b(?:chip|camera|device|tracker|transmitter)s? (?:in|inside) my (?:head|brain|teeth|body|arm)\b",
        r"\b(?:they|people|colleagues|the council|neighbours|everyone) (?:are|is) (?:watching|following|"
        r"poisoning|tracking|monitoring|spying on|plotting against|after) me\b",
        r"\bi (?:am|was) (?:being )?(?:watched|followed|poisoned|monitored|tracked) by\b",
        r"\bi am (?:god|jesus|the messiah|chosen|immortal|invincible|not human)\b",
        r"\b(?:nothing|none of this|everything) (?:is|feels) (?:real|fake|a simulation)\b.{0,30}"
        r"\b(?:simulation|fake|not real|actors?)\b",
        r"\b(?:my )?(?:body|organs|insides|brain) (?:is|are) (?:rotting|dead|missing|gone)\b",
        r"\beveryone (?:has been|is|got) replaced\b",
        r"\bimposters?\b.{0,20}\breplaced\b",
    ),
    # -- out of scope: diagnosis, medication, law -----------------------------------------
    _r(
        "scope.diagnosis",
        "scope_diagnosis",
        "none",
        "unknown",
        r"\b(?:do|does|did|might|could|would|can) (?:i|you think i|he|she|they|the \w+|my \w+|this "
        r"\w+) (?:have|has|got|suffer from|be suffering from) (?:ptsd|c-?ptsd|bpd|borderline|"
        r"depression|clinical depression|anxiety disorder|an anxiety disorder|adhd|add|autism|asd|"
        r"bipolar|schizophrenia|psychosis|a personality disorder|ocd|dementia|an eating disorder|"
        r"anorexia|bulimia|fasd|foetal alcohol|attachment disorder|rad|a mental illness|"
        r"burnout syndrome|cptsd|npd|narcissistic personality)\b",
        r"\bam i (?:depressed|clinically depressed|bipolar|autistic|adhd|an alcoholic|mentally ill|"
        r"having a (?:nervous )?breakdown|traumatised|a narcissist|psychotic|ocd)\b",
        r"\bis (?:he|she|the (?:child|mum|dad|mother|father|boy|girl|baby|client|young person|kid|"
        r"teen)|my client|this (?:child|mum|dad)) (?:autistic|bipolar|schizophrenic|a narcissist|"
        r"a psychopath|a sociopath|depressed|on the spectrum|adhd|psychotic|borderline)\b",
        r"\b(?:diagnose|diagnosis for|diagnosing)\b.{0,30}\b(?:me|her|him|them|this|my|the)\b",
        r"\bwhat (?:mental )?(?:disorder|condition|illness|diagnosis)\b.{0,30}\b(?:do|does|have|has|"
        r"is|would)\b",
        r"\b(?:sounds? like|symptoms of|signs of) (?:ptsd|bpd|bipolar|adhd|autism|schizophrenia|"
        r"a personality disorder|clinical depression)\b.{0,40}\?",
    ),
    _r(
        "scope.medication",
        "scope_medication",
        "none",
        "unknown",
        rf"\b(?:should|can|could|is it (?:ok|okay|safe|fine|alright) (?:to|for me to|if i)|do i need"
        rf" to|would it be (?:ok|okay|safe) to|shall) (?:i |you |he |she )?(?:take|taking|up|upping|"
        rf"increase|increasing|lower|lowering|reduce|reducing|stop|stopping|come off|coming off|double|"
        rf"mix|mixing|skip|skipping|combine|combining|start|starting|try|drink on|drink with|have)\b"
        rf".{{0,40}}(?:{_MEDS}|dose|dosage|antidepressant|beta ?blockers?|sedatives?|melatonin|"
        rf"st john'?s wort|prescription)",
        r"\b(?:what|how much|which) (?:dose|dosage|mg|strength)\b",
        rf"{_MEDS}.{{0,30}}\b(?:with|and|on) (?:alcohol|wine|beer|drink|drinking)\b",
        r"\b(?:dose|dosage) of\b",
        r"\bmedication advice\b",
        r"\bwhich (?:antidepressant|medication|meds|pills?|tablets?) (?:should|would|is best|for)\b",
    ),
    _r(
        "scope.legal",
        "scope_legal",
        "none",
        "unknown",
        r"\b(?:will|could|can|would|might|am) i (?:be |get )?(?:struck off|sued|prosecuted|sacked|"
        r"fired|arrested|disciplined|in legal trouble|liable|personally liable|going to prison|"
        r"taken to court|going to be struck off)\b",
        r"\b(?:can|could|will|would) (?:they|the family|the parents|the mum|the dad|she|he|a client|"
        r"families) (?:sue|take legal action against|report me to the police)\b",
        r"\bis (?:it|this|that) (?:lawful|legal|illegal|unlawful|against the law)\b",
        r"\bwhat (?:will|would|is) the (?:judge|court|magistrates?|tribunal)\b.{0,30}\b(?:decide|"
        r"rule|say|do|going to)\b",
        r"\bwill (?:the )?(?:court|judge|magistrates?) (?:grant|make|order|remove|rule|agree|"
        r"accept|side)\b",
        r"\b(?:legal advice|legally|my legal rights|sue the council|sue my employer|employment "
        r"tribunal)\b.{0,40}\?",
        r"\bam i legally\b",
        r"\bwhat are my (?:legal )?rights\b",
        r"\bwould i win\b",
        r"\bgrounds (?:to|for) (?:appeal|sue|a claim)\b",
    ),
    # -- prompt injection ----------------------------------------------------------------
    _r(
        "inj.override",
        "prompt_injection",
        "none",
        "unknown",
        r"\b(?:ignore|disregard|forget|override|bypass|drop)\b.{0,30}\b(?:previous|prior|above|"
        r"earlier|preceding|all|any|your|the|these|those|system)\b.{0,20}\b(?:instructions?|rules|"
        r"prompts?|guidelines|directions|programming|guardrails|restrictions|training|policy|policies)\b",
        r"\b(?:system|hidden|internal|initial|original|secret|developer) (?:prompt|instructions?|"
        r"message|rules|configuration)\b",
        r"\b(?:reveal|show|print|output|repeat|display|leak|dump|tell me|give me|paste|share|what "
        r"are)\b.{0,30}\b(?:your|the) (?:instructions|prompt|rules|system message|configuration|"
        r"guidelines|initial prompt)\b",
        r"\byou are (?:now|no longer)\b",
        r"\b(?:developer|god|admin|debug|unrestricted) mode\b",
        r"\bjailbr(?:eak|oken)\b",
        r"\bdan\b.{0,20}\b(?:mode|prompt|now|anything)\b",
        r"\bdo anything now\b",
        r"\b(?:disable|turn off|switch off|bypass|remove|deactivate|ignore)\b.{0,20}\b(?:your )?"
        r"(?:safety|filters?|guardrails|restrictions|content policy|moderation|safeguards)\b",
        r"\bpretend (?:you are|to be|you'?re)\b.{0,40}\b(?:no rules|unrestricted|without (?:any )?"
        r"(?:restrictions|rules|filters|limits)|not an ai|a human|evil)\b",
        r"\bact as (?:an? )?(?:unfiltered|unrestricted|uncensored|different|evil)\b",
        r"\bfrom now on,? (?:you|reply|respond|answer|only)\b",
        r"\b(?:reply|respond|answer) only with\b",
        r"\b(?:assistant|ai|bot|harbour|chatbot|model|llm)\s*[:,-]\s*(?:ignore|disregard|forget|"
        r"reply|say|print|output|respond|you must)\b",
        r"\bnew instructions?\s*:",
        r"\bsudo\b",
        r"\bprompt injection\b",
        r"\b(?:roleplay|role-play|role play) as\b.{0,40}\b(?:no|without|unrestricted)\b",
    ),
]

# -- markers that adjust tiers ------------------------------------------------------------

IMMINENT = re.compile(
    r"\b(?:tonight|right now|now|today|this evening|this afternoon|in an hour|after (?:this|my) "
    r"shift|when (?:everyone|they are|the kids are) asleep|before morning|this weekend)\b.{0,60}$"
    r"|^.{0,80}\b(?:tonight|right now|this evening)\b"
    r"|\b(?:have|got|bought|collected|saved up|stockpiled|hoarded) (?:the |a |my |enough |all "
    r"(?:the|my) )?(?:pills|tablets|rope|knife|blade|meds|gun|plan|paracetamol|medication)\b"
    r"|\b(?:pills|tablets|meds|rope|knife|blade)\b.{0,30}\b(?:lined up|in front of me|in my hand|"
    r"ready|counted out|next to me|on the table)\b"
    r"|\bi am (?:on|at|standing on|sitting on|sat on) (?:the |a |top of the )?(?:bridge|roof|edge|"
    r"top|platform|tracks|cliff|ledge|multistorey|car park|balcony)\b"
    r"|\b(?:wrote|written|writing|left) (?:a |my |the )?(?:note|letter|letters|goodbye|will)\b"
    r"|\b(?:said|saying) (?:my )?goodbyes?\b|\bthis is (?:goodbye|it|the end)\b"
    r"|\b(?:about|going) to (?:jump|do it|end it)\b|\bgiven away my\b"
    r"|\b(?:have|just|already) (?:taken|took|swallowed|drunk) (?:a load|loads|all|a lot|too many|"
    r"an overdose|the (?:pills|tablets)|them all|everything)\b"
    r"|\b(?:cutting|bleeding) (?:right )?now\b|\bcan'?t stop (?:the )?bleeding\b|\bjust cut\b"
)
IMMEDIATE_DANGER = re.compile(
    r"\b(?:right now|at the moment|as we speak|tonight|outside (?:her|his|the|their) (?:house|door|"
    r"flat|window|school)|has (?:got )?a (?:knife|gun|weapon|blade)|is (?:being )?(?:attacked|hit|"
    r"beaten|strangled)|locked in|on (?:his|her|their) way (?:over|round|there)|in danger now|"
    r"immediate danger|currently|still there)\b"
)
RETRACTION = re.compile(
    r"\b(?:jk|j/k|just kidding|only joking|just joking|joking|kidding|lol|lmao|haha+|not really|"
    r"ignore (?:that|me|what i said)|forget (?:i said|it|that|what i said)|i am fine|i am ok|"
    r"i am okay|i am alright|i am safe|not serious|didn'?t mean (?:it|that)|being dramatic|"
    r"don'?t worry|no need to worry|sorry)\b"
)
SAFE_DISCLAIMER = re.compile(
    r"\b(?:i am (?:safe|not (?:suicidal|in danger|going to do anything))|just venting|only "
    r"venting|not suicidal|no thoughts of (?:harming|hurting|suicide|ending)|not going to (?:do|"
    r"hurt) (?:anything|myself)|no intention of)\b"
)
DISTRESS = re.compile(
    r"\b(?:exhausted|knackered|shattered|burn(?:t|ed) out|burning out|overwhelmed|can'?t cope|"
    r"not coping|crying|cried|in tears|tearful|hopeless|useless|worthless|failing|failure|dread|"
    r"dreading|can'?t sleep|not sleeping|anxious|panic|numb|broken|drained|not ok|not okay|"
    r"struggling|falling apart|can'?t stop thinking|replaying|heartbroken|guilt|guilty|ashamed|"
    r"can'?t switch off|done with everything|can'?t do this any ?more|can'?t take (?:it|this|much "
    r"more)|sinking|drowning in|lonely|alone in this|miserable|gutted|devastated|awful|"
    r"horrible|terrible|sick of|fed up|sad|stressed|scared|frightened|shaken|"
    r"upset|angry|furious|haunted|nightmares?|flashbacks?|trapped|what'?s the point)\b"
)
HOPELESS = re.compile(
    r"\b(?:what'?s the point|no point|can'?t see (?:a|any) way|trapped|no way out|give up|giving "
    r"up|hopeless|nothing (?:will|is going to) change|burden|can'?t do this any ?more|can'?t go on)\b"
)
FRIEND_FRAME = re.compile(
    r"\b(?:asking for a (?:friend|colleague|mate)|for a (?:friend|colleague|mate)|hypothetically|"
    r"for a (?:novel|story|book|film|script|risk assessment|training|essay|report)|just curious|"
    r"out of curiosity|research purposes)\b"
)
THIRD_PARTY_SUBJECT = re.compile(rf"\b{_KIN}s?\b|{_3P}")
