"""Write the labelled quality set (``benchmarks/data/quality/``) from the texts below.

    .venv/bin/python benchmarks/quality_make.py

Every text here was written for this benchmark; the shapes imitate what analysts
meet in real Sahel news (wire copies, rewrites, teasers, forum posts quoting an
article, copies with embedded tweets, one article at two URLs) and the hard
negatives that must stay apart (the same event told by another wire, two pages
of one outlet sharing its template, a feature against the spot news).  Variants
that are mechanical (a teaser is the first paragraphs, a forum post quotes three
paragraphs) are derived here; rewrites and other wires are written by hand.
The files are committed, so the benchmark does not need this script to run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "quality" / "articles"

# -- base stories (written by hand) -----------------------------------------------------

TILLABERI_AFP = """Gunmen kill 17 Nigerien soldiers near Tillabéri

date 2023-08-16 Seventeen Nigerien soldiers were killed and twenty wounded on Tuesday when suspected jihadists ambushed an army convoy near the town of Koutougou, in the Tillabéri region close to the border with Burkina Faso, the defence ministry said.

The detachment was travelling between Boni and Torodi when it came under attack, the ministry said in a statement read on state television. It said more than a hundred assailants on motorbikes took part in the ambush.

Six of the wounded soldiers were evacuated to Niamey by helicopter, according to the statement. The army said its response had "neutralised" several dozen attackers, a figure that could not be independently verified.

The attack is the deadliest against the army since General Abdourahamane Tiani seized power on July 26 and detained President Mohamed Bazoum. The junta has cited worsening security as one of the reasons for the coup.

The Tillabéri region, part of the so-called tri-border area between Niger, Mali and Burkina Faso, has for years been the scene of attacks by groups linked to Al-Qaeda and the Islamic State group.

ECOWAS has threatened to use force to restore Bazoum if diplomacy fails, a prospect the junta has rejected as a declaration of war.

AFP
"""

TILLABERI_LIGHT = """Niger: 17 soldiers killed in jihadist ambush in Tillabéri region

date 2023-08-16 Seventeen Nigerien soldiers were killed and twenty others injured on Tuesday when suspected jihadists ambushed a military convoy near the town of Koutougou, in the Tillabéri region close to the Burkina Faso border, the ministry of defence said.

The detachment was moving between Boni and Torodi when it was attacked, the ministry said in a statement broadcast on state television. According to the statement, over a hundred attackers on motorcycles took part in the ambush.

Six of the injured soldiers were flown to Niamey by helicopter, the statement said. The army said its counter-attack had "neutralised" dozens of assailants, a claim that could not be independently confirmed.

It is the deadliest attack on the army since General Abdourahamane Tiani took power on July 26 and detained President Mohamed Bazoum. The military rulers have cited deteriorating security as one reason for the coup.

The Tillabéri region, in the tri-border zone between Niger, Mali and Burkina Faso, has for years seen attacks by groups linked to Al-Qaeda and the Islamic State group.

Sahel Daily
"""

TILLABERI_HEAVY = """Deadly ambush on army column in western Niger leaves 17 troops dead

date 2023-08-16 Militants believed to be jihadists attacked a column of Nigerien troops near Koutougou on Tuesday, killing seventeen servicemen and injuring twenty, in the western Tillabéri area that borders Burkina Faso, Niger's defence ministry announced.

According to a ministry communique aired on national television, the unit was on the road from Boni to Torodi when it was targeted. Upwards of a hundred fighters riding motorcycles carried out the assault, it added.

A helicopter carried six of the injured troops to the capital Niamey, the communique said. The military claimed its riposte had "neutralised" several dozen of the militants, which could not be verified independently.

No attack on the armed forces has been deadlier since the July 26 takeover in which General Abdourahamane Tiani ousted and detained President Mohamed Bazoum. The coup leaders had pointed to the deteriorating security situation to justify the putsch.

Tillabéri, which lies in the tri-border zone shared by Niger, Mali and Burkina Faso, has suffered for years from raids by Al-Qaeda and Islamic State affiliates.

The regional bloc ECOWAS has warned it may intervene militarily to reinstate Bazoum should talks fail, which the junta has called a declaration of war.

West Africa Observer
"""

TILLABERI_REUTERS = """Niger says 17 soldiers killed as insurgents strike near Mali, Burkina borders

date 2023-08-16 NIAMEY, Aug 16 (Reuters) - Islamist insurgents killed at least 17 soldiers in southwest Niger, the army said on Wednesday, in the biggest such attack since the military took power last month.

A unit of the armed forces was hit on Tuesday afternoon in the Koutougou area, an army spokesman told reporters in Niamey, without giving further details on the number of attackers.

"Our forces reacted with courage and the enemy suffered heavy losses," Colonel Amadou Abdramane said, adding that air support had been sent to the area.

Niger's western frontier with Mali and Burkina Faso is a hotspot for fighters allied with Islamic State and al Qaeda, whose insurgency has displaced millions across the central Sahel.

The killings come as the junta faces pressure from West African neighbours, who have activated a standby force, and from Western partners who have suspended aid.

France and the United States, which have some 2,500 troops in Niger between them, have paused joint operations since the coup.

Reuters
"""

TILLABERI_FEATURE = """In Tillabéri, villagers live between the jihadists and the army

date 2023-11-02 The road from Niamey to Torodi used to take two hours. Now the few traders who still make the journey leave before dawn, travel in groups, and hope that the motorbikes they meet belong to shepherds.

"We are caught in the middle," said Hamidou, a grain seller from a village near Makalondi who asked that his family name not be used. "The fighters come at night to collect zakat. The soldiers come in the day and ask why we paid."

For a decade the Tillabéri region has been the front line of Niger's war with armed groups. The Islamic State's Sahel branch controls much of the countryside near the Malian border, while Jama'at Nusrat al-Islam wal-Muslimin has pushed in from Burkina Faso to the south.

The ambush near Koutougou in August, in which seventeen soldiers died, was only the most visible of the attacks. Local officials keep their own lists: schools closed, wells sabotaged, markets emptied of cattle.

Since the July coup the junta has promised to take the fight to the insurgents, recruiting volunteers and buying drones from Turkey. In the villages, people say they have not yet seen the difference.

Many families have left for Niamey, where they rent rooms on the outskirts and wait. Others stay because the fields are all they have. "If we leave, who will plant?" asked Hamidou.

The New Sahel Review
"""

ECOWAS_AFP = """Mali, Burkina Faso and Niger announce immediate exit from ECOWAS

date 2024-01-28 The military regimes of Mali, Burkina Faso and Niger announced on Sunday that they were leaving the Economic Community of West African States with immediate effect, accusing the bloc of being under foreign influence.

In a joint statement read on national television in the three countries, the juntas said ECOWAS had "drifted away from the ideals of its founding fathers" and had become "a threat to its member states and peoples".

The three countries, which have formed the Alliance of Sahel States, said the bloc had failed to support them in their fight against jihadism while imposing "illegal, illegitimate, inhumane and irresponsible sanctions".

ECOWAS said in a statement that it had not been formally notified of the decision and remained committed to finding a negotiated solution to the political impasse.

Under the bloc's treaty, a member state wishing to withdraw must give written notice one year in advance. The three countries are home to some 72 million people.

The move deepens the isolation of the Sahel juntas, which have expelled French troops and turned to Russia for military support since seizing power between 2020 and 2023.

AFP
"""

ECOWAS_REUTERS = """Sahel juntas quit West African bloc, deepening regional rift

date 2024-01-28 DAKAR, Jan 28 (Reuters) - Niger, Mali and Burkina Faso said on Sunday they would pull out of West Africa's main political and economic bloc, a move analysts said could disrupt trade and free movement for millions of people.

The three coup-hit nations have grown increasingly hostile towards the 15-member grouping since it suspended them and, in Niger's case, imposed tough sanctions after last July's takeover.

"It is time to take our destiny in hand," Burkina Faso's government spokesman said in a separate message posted on social media.

Regional diplomats said the decision caught officials in Abuja by surprise. Nigeria's foreign ministry said it regretted the announcement and urged the three countries to reconsider.

Trade between the landlocked Sahel states and coastal neighbours such as Togo, Benin and Ivory Coast relies on ECOWAS rules on tariffs and transit that would no longer apply.

Reuters
"""

ECOWAS_AP = """West African bloc says it has not been notified of three nations' withdrawal

date 2024-01-29 ABUJA, Nigeria (AP) - The West African regional bloc said Monday it had yet to receive formal notice from Mali, Burkina Faso and Niger about their decision to leave, a day after the military governments announced the split on state television.

The Economic Community of West African States said it was still working with the three countries "to restore constitutional order" and remained open to dialogue.

Analysts warned that a withdrawal could complicate the fight against extremists, as intelligence sharing and joint patrols with coastal states would become harder.

The three countries have been led by soldiers who seized power in a string of coups since 2020, and have signed a mutual defence pact known as the Alliance of Sahel States.

The Associated Press
"""

ECOWAS_FR = """Le Mali, le Burkina Faso et le Niger quittent la CEDEAO

date 2024-01-28 Les régimes militaires du Mali, du Burkina Faso et du Niger ont annoncé dimanche leur retrait « sans délai » de la Communauté économique des États de l'Afrique de l'Ouest, qu'ils accusent d'être sous influence étrangère.

Dans un communiqué conjoint lu à la télévision nationale des trois pays, les juntes estiment que la CEDEAO s'est « éloignée des idéaux de ses pères fondateurs ».

Les trois pays, réunis au sein de l'Alliance des États du Sahel (AES), reprochent à l'organisation de ne pas les avoir soutenus dans la lutte contre le terrorisme et de leur avoir imposé des sanctions « illégales et inhumaines ».

La CEDEAO a indiqué ne pas avoir été notifiée officiellement de cette décision.

Le Sahel Info
"""

WAGNER_BASE = """Russia's Africa Corps takes over from Wagner in Mali

date 2025-06-09 Russian paramilitary group Wagner said on Friday it was leaving Mali after three and a half years, declaring its mission accomplished, while the Kremlin-controlled Africa Corps said it would remain in the country.

"Mission accomplished. PMC Wagner is going home," the group said on a Telegram channel linked to it, claiming to have killed thousands of militants and their commanders during its deployment.

Africa Corps, which is overseen by Russia's defence ministry, said in a separate post that Russia's presence in Mali would continue "at a higher level" and that it had been working in the country since the start of the year.

Wagner arrived in Mali in late 2021 after the junta led by Colonel Assimi Goïta fell out with France, whose troops left the following year. The United Nations mission MINUSMA withdrew in 2023 at the junta's request.

The group's record in Mali has been marked by accusations of abuses, including the killing of hundreds of civilians in Moura in March 2022, which Bamako and Moscow deny.

Wagner also suffered its heaviest known loss in July 2024, when dozens of its fighters were killed near Tinzaouaten, close to the Algerian border, by Tuareg separatists and jihadists.

Sahel Wire
"""

WAGNER_HEAVY = """Wagner ends Mali mission as Moscow's Africa Corps stays on

date 2025-06-09 After three and a half years on the ground, the Russian mercenary outfit Wagner announced on Friday that it was pulling out of Mali, saying its job there was done, even as the Africa Corps, controlled by the Kremlin, said it was staying.

On a Telegram account associated with the group, Wagner wrote "Mission accomplished. PMC Wagner is going home," and asserted that it had eliminated thousands of fighters and their leaders while deployed.

In another post, the Africa Corps, which answers to the Russian ministry of defence, promised that Moscow would keep its presence in Mali "at a higher level", adding that it had been active there since January.

The mercenaries reached Mali at the end of 2021, when Colonel Assimi Goïta's military government broke with Paris, whose soldiers pulled out a year later. At the junta's demand, the UN peacekeeping force MINUSMA left in 2023.

Rights groups have accused the group of abuses in Mali, notably the massacre of hundreds of civilians at Moura in March 2022, an accusation rejected by Bamako and Moscow.

Its worst known setback came in July 2024 near Tinzaouaten, by the Algerian frontier, where Tuareg separatist rebels and jihadists killed dozens of its men.

Bamako Express
"""

WAGNER_FEATURE = """How Russia rebuilt its influence in the Sahel

date 2025-02-14 When the first Russian instructors landed at Bamako airport at the end of 2021, few Western diplomats expected them to stay. Four years later Moscow is the main security partner of Mali, Burkina Faso and Niger.

The arrangement has changed shape. The mercenaries recruited by Yevgeny Prigozhin have given way, after his death in 2023, to units placed under the Russian defence ministry and rebranded as the Africa Corps.

For the juntas the attraction is simple, say officials in Ouagadougou and Niamey: Russia sells weapons, trains soldiers and does not talk about elections. Gold concessions and mining permits have followed.

Critics point to the human cost. United Nations investigators have documented massacres of civilians during joint operations, and the insurgency has not receded: jihadist groups control more territory than in 2020.

Western governments, meanwhile, have closed bases and suspended programmes. The last French soldiers left Niger in December 2023; the Americans left their drone base in Agadez in 2024.

Whether Moscow can hold its position depends on results on the ground, analysts say, and on whether the juntas' public keeps believing the story of a new sovereignty.

The New Sahel Review
"""

DRONE_BASE = """Drone strike on market kills dozens in northern Burkina Faso, residents say

date 2024-03-05 A drone strike on a crowded market in the northern Burkina Faso town of Djibo killed at least 38 civilians on Sunday, residents and a local official told journalists, in an area contested by jihadist fighters.

The strike hit the livestock section of the weekly market at about midday, a trader who survived the attack said by telephone. He said he had counted more than thirty bodies before the army arrived.

Burkina Faso's government said in a statement that the air force had targeted "a gathering of terrorists" and had killed dozens of fighters. It did not mention civilian casualties.

Djibo, the capital of Soum province, has been under a blockade by Jama'at Nusrat al-Islam wal-Muslimin for more than two years, and supplies reach the town mainly by air and escorted convoys.

Human rights groups have repeatedly accused Burkina Faso's military and its civilian auxiliaries, the Volunteers for the Defence of the Homeland (VDP), of killing civilians during counter-insurgency operations.

The junta led by Captain Ibrahim Traoré, who seized power in September 2022, has rejected such accusations and suspended several foreign media outlets.

Sahel Wire
"""

DRONE_LIGHT = """Burkina Faso: drone strike on Djibo market kills at least 38 civilians

date 2024-03-05 A drone strike on a busy market in the northern town of Djibo in Burkina Faso killed at least 38 civilians on Sunday, residents and a local official said, in a zone disputed by jihadist groups.

The strike hit the cattle section of the weekly market around noon, according to a trader who survived. He said by phone that he had counted more than thirty bodies before soldiers arrived.

The government of Burkina Faso said in a statement that the air force had struck "a gathering of terrorists", killing dozens of fighters, without mentioning civilian victims.

Djibo, capital of Soum province, has been blockaded by Jama'at Nusrat al-Islam wal-Muslimin for over two years; supplies reach the town mostly by air and escorted convoys.

Rights groups have repeatedly accused the army of Burkina Faso and its civilian auxiliaries, the VDP, of killing civilians in counter-insurgency operations.

The junta of Captain Ibrahim Traoré, in power since September 2022, rejects the accusations and has suspended several foreign media.

Ouaga Matin
"""

DRONE_OTHER = """Burkina army says air strikes near Djibo hit militant gathering

date 2024-03-04 OUAGADOUGOU (AP) - Burkina Faso's military said on Monday that air strikes in the Soum province had killed dozens of militants who were preparing an attack on the town of Djibo.

An army statement read on the national broadcaster RTB said drones had struck "a large group of armed terrorists" on the outskirts of the town on Sunday.

Residents reached by The Associated Press gave a different account, saying the market was full when the strike happened and that many of the dead were herders and traders.

Djibo has been cut off by jihadists linked to al-Qaida for much of the past two years. The town of some 300,000 people, many of them displaced, depends on humanitarian flights.

The Associated Press
"""

MONITOR_BOX = (
    "By Aminata Diallo, Sahel Monitor correspondent. Aminata Diallo covers security and politics in the central"
    " Sahel from Bamako and has reported from Mali, Niger and Burkina Faso since 2015."
)
MONITOR_FOOT = (
    "Sahel Monitor is an independent newsroom funded by its readers. Support our journalism: subscribe to the"
    " weekly newsletter for analysis from the region. Follow us on social media for breaking news from Mali,"
    " Niger and Burkina Faso. Our reporters work in difficult conditions and protect their sources."
)

MONITOR_TIMBUKTU = f"""JNIM blockade squeezes Timbuktu as fuel prices soar

date 2023-09-20 {MONITOR_BOX}

The price of a litre of petrol in Timbuktu has tripled in a month, traders say, as a blockade declared by Jama'at Nusrat al-Islam wal-Muslimin cuts the roads and river routes into the city.

Boats on the Niger river have stopped running since an attack on the Tombouctou passenger boat near Bamba on September 7, in which dozens of civilians died. Lorries from Mopti no longer make the trip.

"There is no sugar, no flour, and the little fuel there is costs a fortune," said a shopkeeper in the Djingareyber quarter. The army flies in supplies, but not enough for a city of more than 50,000 people.

The blockade began in August as the Malian army and its Russian allies took over camps vacated by the departing MINUSMA peacekeepers.

{MONITOR_FOOT}

Sahel Monitor
"""

MONITOR_TIANI = f"""Tiani promises a three-year transition in Niger

date 2023-08-20 {MONITOR_BOX}

Niger's military leader General Abdourahamane Tchiani said on Saturday that a transition to civilian rule would not last more than three years, in his first televised address since the coup.

Speaking hours after meeting a delegation of West African mediators in Niamey, Tiani said a national dialogue would set out the principles of the transition within thirty days.

He warned that any military intervention by ECOWAS would not be "a walk in the park" for those who took part, and accused outside powers of preparing an attack on Niger.

The mediators, led by former Nigerian head of state Abdulsalami Abubakar, also met the deposed president Mohamed Bazoum, who remains detained in the presidential palace.

{MONITOR_FOOT}

Sahel Monitor
"""

COUP_SPOT = """Burkina Faso army captain announces overthrow of junta leader Damiba

date 2022-09-30 A group of Burkina Faso army officers led by Captain Ibrahim Traoré announced on state television on Friday evening that they had removed the country's military leader Paul-Henri Sandaogo Damiba, in the second coup in eight months.

Gunfire was heard in the early morning near the Baba Sy military camp in Ouagadougou, and soldiers blocked the main roads of the capital for most of the day.

The officers said Damiba had failed to deal with the worsening jihadist insurgency, and announced the dissolution of the government and the suspension of the constitution.

A curfew was imposed from 9 pm to 5 am and the borders were closed until further notice, the statement said.

Damiba himself seized power in January from the elected president Roch Marc Christian Kaboré, promising to restore security.

Burkina News Agency
"""

COUP_FEATURE = """Two coups in eight months: inside Burkina Faso's army

date 2022-12-10 In the barracks of Ouagadougou, captains talk more freely than they used to. The overthrow of Paul-Henri Sandaogo Damiba on September 30 by Captain Ibrahim Traoré was not only a change of leader but the revolt of a generation of junior officers.

Many of them had served in the front-line units that bear the brunt of the war with Jama'at Nusrat al-Islam wal-Muslimin and the Islamic State in the Sahel. They accuse their superiors of staying in the capital while soldiers at Djibo and Seytenga went without ammunition.

Damiba had come to power in January promising to turn the war around. By the summer the massacre at Seytenga and the ambush of a convoy near Gaskindé had destroyed that promise, officers said.

Traoré, then 34, has since launched a drive to recruit 50,000 Volunteers for the Defence of the Homeland, the VDP, and has turned towards Moscow for weapons.

Diplomats in Ouagadougou are cautious. "The army is now run by men who know the war," one said. "Whether they know how to run a state is another question."

The New Sahel Review
"""

SINGLES = {
    "s01-bamako-fuel": """Fuel shortage paralyses Bamako as jihadists target tanker convoys

date 2025-10-05 Long queues formed at petrol stations across Bamako this week as a fuel blockade imposed by JNIM on the roads from Senegal and Ivory Coast entered its second month. Schools were closed for two weeks to save fuel for buses.

The group has burned dozens of tankers on the main corridors since September. The Malian army escorts some convoys, but drivers say the escorts are too few.

Mali Today
""",
    "s02-menaka-isgs": """Islamic State Sahel Province fighters kill dozens of civilians near Ménaka

date 2023-03-12 Fighters of the Islamic State Sahel Province (ISSP), previously known as the Islamic State in the Greater Sahara, killed at least 30 civilians in villages around Menaka in north-eastern Mali, local officials said.

The group has been fighting a Tuareg armed group and JNIM for control of the area since MINUSMA reduced its patrols.

Sahel Wire
""",
    "s03-eigs-fr": """L'État islamique au Sahel multiplie les attaques dans la région de Ménaka

date 2023-04-02 L'État islamique au Grand Sahara (EIGS), devenu l'État islamique au Sahel, a tué plusieurs dizaines de civils autour de Ménaka, selon des élus locaux.

Les combattants du groupe disputent cette zone aux Forces armées maliennes (FAMa) et au GSIM, la branche sahélienne d'Al-Qaïda.

Le Sahel Info
""",
    "s04-barkhane": """France ends Operation Barkhane after nine years in the Sahel

date 2022-11-09 President Emmanuel Macron announced the formal end of Operation Barkhane, France's counter-terrorism mission in the Sahel, three months after the last French soldiers left Mali.

About 3,000 French troops will remain in Niger, Chad and Burkina Faso under a new arrangement, the Elysée said. The European Takuba task force was dissolved in June.

Paris Wire
""",
    "s05-tombouctou-fr": """Tombouctou : la ville sous blocus depuis un mois

date 2023-09-15 Les habitants de Tombouctou vivent sous un blocus imposé par le JNIM depuis le mois d'août. Les prix des denrées ont doublé et les bateaux ne circulent plus sur le fleuve.

L'armée malienne assure le ravitaillement par avion, mais les commerçants parlent de pénurie.

Le Sahel Info
""",
    "s06-ouaga-vdp": """Burkina recruits 50,000 volunteers to fight jihadists

date 2022-11-03 Burkina Faso launched a campaign to recruit 50,000 civilian volunteers to fight jihadists alongside the army, the government in Ouagadougou said. The Volunteers for the Defence of the Homeland receive two weeks of training.

Burkina News Agency
""",
    "s07-csp": """CSP-PSD rebels seize army camp at Bourem

date 2023-09-12 The Permanent Strategic Framework for Peace, Security and Development (CSP-PSD), a coalition of Tuareg-led armed groups, said it had attacked an army camp at Bourem in the Gao region, accusing the junta of breaking the 2015 Algiers peace agreement.

The Malian army said it had repelled the attack. The rebels later renamed their coalition the Azawad Liberation Front (FLA).

Sahel Wire
""",
    "s08-aes-confederation": """Sahel juntas sign treaty creating a confederation

date 2024-07-06 The leaders of Mali, Burkina Faso and Niger signed a treaty in Niamey on Saturday creating the Confederation of Sahel States, deepening the Alliance of Sahel States formed last year.

General Tiani, Captain Traoré and Colonel Goïta said the confederation would pool defence and set up a common investment bank.

Sahel Wire
""",
    "s09-minusma": """UN peacekeepers complete withdrawal from Mali

date 2023-12-11 The United Nations mission in Mali, MINUSMA, completed its withdrawal after ten years, handing its last bases to the Malian authorities. More than 300 peacekeepers were killed during the mission.

Paris Wire
""",
    "s10-niger-us": """Niger revokes military agreement with the United States

date 2024-03-17 Niger's junta revoked with immediate effect an agreement allowing US military personnel to operate in the country, where Washington has a drone base near Agadez. About 1,000 US troops are stationed in Niger.

Reuters
""",
}

# -- derived variants ---------------------------------------------------------------------

FORUM_COMMENTS = [
    "Posted by sahelwatcher_77 in Regional security > Niger.",
    "Comment by Ibrahim K.: this is what happens when you expel your partners, nobody protects the roads now.",
    "Reply by Moussa: you are wrong brother, the French were there for ten years and it only got worse.",
    "Comment by Fatou D.: my cousin lives near there and says the villages are empty, everybody left.",
    "Reply by admin: please keep the discussion respectful or the thread will be locked.",
]
TWEETS = [
    "Embedded post from @SahelAnalyst: Confirmed by two sources, convoy hit, numbers likely higher. 12:41 PM",
    "Embedded post from @ReporterNiamey: Ministry statement now being read on national television. 1:03 PM",
    "Embedded video from @NigerNewsLive: Footage shared online, which could not be verified. 2:15 PM",
]


def parts(text: str) -> tuple[str, list[str], str]:
    """Title, paragraphs, source line of a story written above."""
    lines = text.strip().split("\n\n")
    return lines[0], lines[1:-1], lines[-1]


def assemble(title: str, paragraphs: list[str], source: str) -> str:
    return "\n\n".join([title, *paragraphs, source]) + "\n"


def derived() -> dict[str, str]:
    t_title, t_par, _ = parts(TILLABERI_AFP)
    e_title, e_par, _ = parts(ECOWAS_AFP)
    _, w_par, _ = parts(WAGNER_BASE)
    _, d_par, _ = parts(DRONE_BASE)
    return {
        # wire copy, as a client outlet runs it with its own source line
        "t02-copy": assemble(t_title, t_par, "Niamey Post (AFP)"),
        # teaser: headline and first paragraph with a "read more" line
        "t05-teaser": assemble(
            "Niger: 17 soldiers killed near Tillabéri", [t_par[0], "Read the full story on our partner site."], "AFP"
        ),
        # forum post quoting three paragraphs, then comments
        "t06-forum": assemble(
            "Thread: 17 soldiers killed in Tillabéri ambush",
            [FORUM_COMMENTS[0], *t_par[0:3], *FORUM_COMMENTS[1:]],
            "Sahel Forum",
        ),
        # the copy with embedded tweets between paragraphs
        "t07-tweets": assemble(
            t_title,
            [t_par[0], TWEETS[0], t_par[1], TWEETS[1], t_par[2], t_par[3], TWEETS[2], t_par[4], t_par[5]],
            "Niger Live",
        ),
        # paragraphs reordered by an editor (background first)
        "e02-reordered": assemble(
            "Sahel juntas announce they are leaving ECOWAS",
            [e_par[0], e_par[2], e_par[5], e_par[1], e_par[4], e_par[3]],
            "Abidjan Daily (AFP)",
        ),
        # one article at two URLs with different headlines
        "e03-url2": assemble("Three Sahel states quit ECOWAS with immediate effect", e_par, "AFP"),
        # copy with tweets
        "e04-tweets": assemble(
            e_title,
            [
                e_par[0],
                "Embedded post from @AES_Info: Communiqué conjoint des chefs d'État. 5:02 PM",
                *e_par[1:4],
                "Embedded post from @ECOWAS_CEDEAO: The Commission has not been formally notified. 7:40 PM",
                *e_par[4:],
            ],
            "Accra Online",
        ),
        "w03-teaser": assemble(
            "Wagner leaves Mali, Africa Corps stays", [w_par[0], w_par[1], "Continue reading."], "Sahel Wire"
        ),
        "d03-forum": assemble(
            "Thread: Djibo market strike",
            [
                "Posted by burkina_voice in Burkina Faso > Security.",
                *d_par[0:3],
                "Comment by Adama: the government always says terrorists, always.",
                "Reply by Salif: how do you know, were you there? The army protects Djibo.",
                "Comment by Awa S.: pray for the families, my uncle trades at that market.",
            ],
            "Burkina Forum",
        ),
    }


# -- written after the thresholds were set (held out) -----------------------------------

GOLD_BASE = """Mali seizes gold from Barrick's Loulo-Gounkoto complex as tax dispute deepens

date 2025-01-14 Malian authorities have removed about three tonnes of gold from the Loulo-Gounkoto mining complex operated by Canada's Barrick Gold, the company said on Tuesday, escalating a months-long dispute over the country's new mining code.

The gold was taken by helicopter from the site in the Kayes region and placed in the custody of a state-owned bank in Bamako, two people familiar with the operation said.

Barrick said the seizure breached an agreement in principle reached in November and that it would have no choice but to suspend operations temporarily if shipments remained blocked.

The junta led by General Assimi Goïta adopted a mining code in 2023 that raises the state's share in new projects and lets it renegotiate existing contracts. Officials say foreign companies owe hundreds of billions of CFA francs in back taxes.

Four Barrick employees have been detained in Bamako since November on charges of money laundering and financing terrorism, accusations the company rejects.

Gold accounts for about 80 percent of Mali's exports, and Loulo-Gounkoto produced some 700,000 ounces in 2023, making it one of the largest gold operations in Africa.

Sahel Wire
"""

GOLD_HEAVY = """Bamako hauls three tonnes of gold out of Barrick mine in escalating tax row

date 2025-01-14 Roughly three tonnes of gold were taken out of the Loulo-Gounkoto complex, run by the Canadian miner Barrick Gold, by Malian officials, the firm announced on Tuesday, a sharp escalation of the long-running row over Mali's revised mining law.

People with knowledge of the operation said helicopters flew the metal out of the Kayes-region site to Bamako, where it was handed to a bank owned by the state.

In the company's view, the removal violated a tentative deal agreed in November, and it warned that it would be forced to halt production for a time should exports stay blocked.

Under a mining code adopted in 2023 by General Assimi Goïta's military government, the state takes a bigger stake in new projects and can reopen existing contracts. The authorities claim foreign miners owe back taxes worth hundreds of billions of CFA francs.

Since November, four of Barrick's staff have been held in Bamako, accused of money laundering and terrorism financing, charges the miner denies.

Mali earns about 80 percent of its export revenue from gold, and with output of around 700,000 ounces in 2023 Loulo-Gounkoto ranks among Africa's biggest gold mines.

Mining Weekly Africa
"""

GOLD_OTHER = """Barrick halts Mali output after government removes gold stock

date 2025-01-15 TORONTO (AP) - Barrick Gold said Wednesday it was temporarily stopping production at its Malian operations, a day after the West African country's government trucked and flew gold out of the site.

"We have been left with no option," chief executive Mark Bristow said in a statement, calling on the authorities to return to the negotiating table and release detained staff.

Mali's mines ministry did not respond to requests for comment. State television showed officials visiting the mine and said the country was "recovering what belongs to the Malian people".

Shares in the Toronto-listed miner fell 3 percent. Analysts said the shutdown would cut the company's annual output by about 15 percent.

The Associated Press
"""

GOLD_FEATURE = """Gold, juntas and the new resource nationalism in the Sahel

date 2025-03-01 In the gold towns of western Mali, the argument between Bamako and the mining multinationals is followed as closely as football. "The gold is ours, the profits went to Toronto and London," said a teacher in Kéniéba.

Across the Sahel the military governments have made resource sovereignty a pillar of their legitimacy. Niger withdrew Orano's permit at the Imouraren uranium deposit; Burkina Faso nationalised two gold mines and is building a refinery near Ouagadougou.

In Mali the confrontation with Barrick over Loulo-Gounkoto became the test case. The seizure of gold in January and the detention of company employees showed, supporters say, that the state would no longer be intimidated.

Economists are more cautious. Exploration spending has fallen, and investors from Russia, China and Turkey have been slow to replace Western companies.

For artisanal miners, who produce a large share of the region's gold, the fight between states and companies changes little. They dig shafts by hand, and jihadist groups tax the sites they control.

The New Sahel Review
"""

PULSE_HEAD = "Niger Pulse | Politics | Security | Economy | Opinion. Listen to our daily podcast on the news from Niamey and the regions."
PULSE_FOOT = (
    "Niger Pulse publishes news and analysis from Niger in English and French. Reproduction without written"
    " permission is prohibited. Send corrections and tips to our newsroom in Niamey. Read more stories from"
    " Niger Pulse on our website and download our free app for Android and iOS."
)

PULSE_ORANO = f"""Niger withdraws Orano's licence for Imouraren uranium mine

date 2024-06-24 {PULSE_HEAD}

The government of Niger has withdrawn the operating permit of the French nuclear fuel company Orano for the Imouraren deposit, one of the largest uranium reserves in the world, the company said.

Orano said the decision followed a deadline set by the authorities for the start of works at the site, north of Agadez, which it said it had been trying to meet.

The junta has promised to review all mining contracts signed with foreign companies since it seized power in July 2023.

{PULSE_FOOT}

Niger Pulse
"""

PULSE_FLOOD = f"""Floods kill more than 200 people across Niger

date 2024-08-28 {PULSE_HEAD}

Floods caused by torrential rains have killed at least 217 people in Niger since June and affected more than 700,000, the interior ministry said, as the rainy season proved one of the worst in years.

The worst-hit areas are Maradi, Zinder and Tahoua, where thousands of homes have collapsed. In Niamey the river Niger burst its banks in several districts.

The authorities postponed the start of the school year to October to allow displaced families to leave the classrooms where they had taken shelter.

{PULSE_FOOT}

Niger Pulse
"""


def held_out() -> dict[str, str]:
    _, par, _ = parts(GOLD_BASE)
    return {
        "h01-gold": GOLD_BASE,
        "h02-gold-heavy": GOLD_HEAVY,
        "h03-gold-teaser": assemble(
            "Mali removes three tonnes of gold from Barrick mine", [par[0], "More to follow."], "Sahel Wire"
        ),
        "h04-gold-forum": assemble(
            "Thread: Loulo gold seizure",
            [
                "Posted by kayes_miner in Mali > Economy.",
                par[0],
                par[2],
                par[3],
                "Comment by Oumar T.: finally someone stands up to these companies.",
                "Reply by Seydou: and who pays the workers if the mine stops? Think before you cheer.",
                "Comment by Mariam: the gold always leaves, only the holes stay in Kéniéba.",
            ],
            "Mali Forum",
        ),
        "h05-gold-url2": assemble("Barrick says Mali took three tonnes of gold from Loulo-Gounkoto", par, "Sahel Wire"),
        "h06-gold-ap": GOLD_OTHER,
        "h07-gold-feature": GOLD_FEATURE,
        "h08-pulse-orano": PULSE_ORANO,
        "h09-pulse-flood": PULSE_FLOOD,
    }


def articles() -> dict[str, str]:
    out = {
        "t01-afp": TILLABERI_AFP,
        "t03-light": TILLABERI_LIGHT,
        "t04-heavy": TILLABERI_HEAVY,
        "t08-reuters": TILLABERI_REUTERS,
        "t09-feature": TILLABERI_FEATURE,
        "e01-afp": ECOWAS_AFP,
        "e05-reuters": ECOWAS_REUTERS,
        "e06-ap": ECOWAS_AP,
        "e07-fr": ECOWAS_FR,
        "w01-base": WAGNER_BASE,
        "w02-heavy": WAGNER_HEAVY,
        "w04-feature": WAGNER_FEATURE,
        "d01-base": DRONE_BASE,
        "d02-light": DRONE_LIGHT,
        "d04-ap": DRONE_OTHER,
        "m01-timbuktu": MONITOR_TIMBUKTU,
        "m02-tiani": MONITOR_TIANI,
        "c01-spot": COUP_SPOT,
        "c02-feature": COUP_FEATURE,
        **SINGLES,
    }
    out.update(derived())
    out.update(held_out())
    return out


def file_name(key: str) -> str:
    """``<key>_<16 hex>.txt`` like the seeds' ``NNN_<16 hex>``."""
    return f"{key}_{hashlib.sha256(key.encode()).hexdigest()[:16]}.txt"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.txt"):
        old.unlink()
    for key, text in sorted(articles().items()):
        (OUT / file_name(key)).write_text(text.lstrip(), encoding="utf-8")
    print(f"wrote {len(articles())} articles to {OUT}")


if __name__ == "__main__":
    main()
