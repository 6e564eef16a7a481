// The emoji picker's data: a curated list of common emoji with English names for search, grouped
// for browsing. One module for both composers (the widget loads it lazily with its picker); no
// CDN is ever fetched. Each group is one string of `emoji name` entries separated by `|`.

export interface Emoji {
  char: string;
  name: string;
}

export interface EmojiGroup {
  name: string;
  emoji: readonly Emoji[];
}

const RAW: readonly (readonly [string, string])[] = [
  [
    'Smileys',
    '😀 grinning face|😁 grinning face with smiling eyes|😂 face with tears of joy laughing|😃 smiling face with open mouth|😄 smiling face with open mouth and smiling eyes|😅 smiling face with open mouth and cold sweat|😆 smiling face with open mouth and tightly-closed eyes|😇 smiling face with halo|😈 smiling face with horns|😉 winking face|😊 smiling face with smiling eyes|😋 face savouring delicious food|😌 relieved face|😍 smiling face with heart-eyes|😎 smiling face with sunglasses cool|😏 smirking face|😐 neutral face|😑 expressionless face|😒 unamused face|😓 face with cold sweat|😔 pensive face|😕 confused face|😖 confounded face|😗 kissing face|😘 face blowing a kiss|😙 kissing face with smiling eyes|😚 kissing face with closed eyes|😛 face with stuck-out tongue|😜 face with stuck-out tongue and winking eye|😝 face with stuck-out tongue and tightly-closed eyes|😞 disappointed face|😟 worried face|😠 angry face|😡 pouting face angry|😢 crying face|😣 persevering face|😤 face with look of triumph|😥 disappointed but relieved face|😦 frowning face with open mouth|😧 anguished face|😨 fearful face|😩 weary face|😪 sleepy face|😫 tired face|😬 grimacing face|😭 loudly crying face|😮 face with open mouth|😯 hushed face|😰 face with open mouth and cold sweat|😱 face screaming in fear|😲 astonished face|😳 flushed face|😴 sleeping face|😵 dizzy face|😶 face without mouth|😷 face with medical mask|🙁 slightly frowning face|🙂 slightly smiling face|🙃 upside-down face|🙄 face with rolling eyes|🤐 zipper-mouth face|🤑 money-mouth face|🤒 face with thermometer|🤓 nerd face|🤔 thinking face|🤕 face with head-bandage|🤗 hugging face|🤠 face with cowboy hat|🤢 nauseated face|🤣 rolling on the floor laughing|🤤 drooling face|🤥 lying face|🤧 sneezing face|🤨 face with one eyebrow raised|🤩 star-struck|🤪 grinning face with one large and one small eye|🤫 face with finger covering closed lips|🤬 serious face with symbols covering mouth|🤭 smiling face with smiling eyes and hand covering mouth|🤮 face with open mouth vomiting|🤯 exploding head mind blown|🥰 smiling face with smiling eyes and three hearts|🥱 yawning face|🥲 smiling face with tear|🥳 partying face|🥴 face with uneven eyes and wavy mouth|🥵 overheated face|🥶 freezing face|🥸 disguised face|🥺 pleading face|🧐 face with monocle|💀 skull|👻 ghost|👽 extraterrestrial alien|🤖 robot face|💩 pile of poo|🙈 see-no-evil monkey|🙉 hear-no-evil monkey|🙊 speak-no-evil monkey',
  ],
  [
    'People',
    '👍 thumbs up|👎 thumbs down|👌 ok hand|🤌 pinched fingers|🤏 pinching hand|✌️ victory hand|🤞 hand with index and middle fingers crossed|🤟 i love you hand|🤘 sign of the horns|🤙 call me hand|👈 white left pointing backhand index|👉 white right pointing backhand index|👆 white up pointing backhand index|👇 white down pointing backhand index|☝️ white up pointing index|✋ raised hand|🤚 raised back of hand|🖐️ raised hand with fingers splayed|🖖 raised hand with part between middle and ring fingers|👋 waving hand hello bye|👏 clapping hands|🙌 raising hands|👐 open hands|🤲 palms up together|🤝 handshake|🙏 folded hands please thanks|✍️ writing hand|💅 nail polish|🤳 selfie|💪 flexed biceps strong|🦾 mechanical arm|👀 eyes|👁️ eye|👅 tongue|👄 mouth|👶 baby|🧒 child|👦 boy|👧 girl|🧑 adult|👱 person with blond hair|👨 man|👩 woman|🧓 older adult|👴 older man|👵 older woman|🙍 person frowning|🙎 person with pouting face|🙅 face with no good gesture|🙆 face with ok gesture|💁 information desk person|🙋 happy person raising one hand|🧏 deaf person|🙇 person bowing deeply|🤦 person facepalming|🤷 person shrugging|👮 police officer|🕵️ sleuth or spy|💂 guardsman|👷 construction worker|🤴 prince|👸 princess|👳 man with turban|👲 man with gua pi mao|🧕 person with headscarf|🤵 man in tuxedo|👰 bride with veil|🤰 pregnant woman|👼 baby angel|🎅 father christmas|🤶 mother christmas|🦸 superhero|🦹 supervillain|🧙 mage|🧚 fairy|🧛 vampire|🧜 merperson|🧝 elf|🚶 pedestrian|🏃 runner|💃 dancer|🕺 man dancing|👯 woman with bunny ears|🧘 person in lotus position|🛀 bath|👫 man and woman holding hands|👪 family',
  ],
  [
    'Hearts',
    '❤️ red heart|🧡 orange heart|💛 yellow heart|💚 green heart|💙 blue heart|💜 purple heart|🖤 black heart|🤍 white heart|🤎 brown heart|💔 broken heart|❣️ heavy heart exclamation mark ornament|💕 two hearts|💞 revolving hearts|💓 beating heart|💗 growing heart|💖 sparkling heart|💘 heart with arrow|💝 heart with ribbon|💟 heart decoration|💋 kiss mark|💯 hundred points|💢 anger symbol|💥 collision symbol|💫 dizzy symbol|💦 splashing sweat symbol|💨 dash symbol|💬 speech balloon|💭 thought balloon|💤 sleeping symbol',
  ],
  [
    'Nature',
    '🐶 dog face|🐱 cat face|🐭 mouse face|🐹 hamster face|🐰 rabbit face|🦊 fox face|🐻 bear face|🐼 panda face|🐨 koala|🐯 tiger face|🦁 lion face|🐮 cow face|🐷 pig face|🐸 frog face|🐵 monkey face|🐔 chicken|🐧 penguin|🐦 bird|🐤 baby chick|🦆 duck|🦅 eagle|🦉 owl|🦇 bat|🐺 wolf face|🐗 boar|🐴 horse face|🦄 unicorn face|🐝 honeybee|🐛 bug|🦋 butterfly|🐌 snail|🐞 lady beetle|🐢 turtle|🐍 snake|🐙 octopus|🐠 tropical fish|🐬 dolphin|🐳 spouting whale|🦈 shark|🐊 crocodile|🐘 elephant|🦒 giraffe face|🌸 cherry blossom|🌹 rose|🌺 hibiscus|🌻 sunflower|🌼 blossom|🌷 tulip|🌱 seedling|🌲 evergreen tree|🌳 deciduous tree|🌴 palm tree|🌵 cactus|🍀 four leaf clover|🍁 maple leaf|🍂 fallen leaf|🍃 leaf fluttering in wind|🌍 earth globe europe-africa|🌙 crescent moon|⭐ star|🌟 glowing star|☀️ sun|⛅ sun behind cloud|☁️ cloud|🌧️ cloud with rain|⛈️ thunder cloud and rain|🌈 rainbow|❄️ snowflake|⛄️ snowman without snow|🔥 fire|💧 droplet|🌊 water wave',
  ],
  [
    'Food',
    '🍏 green apple|🍎 red apple|🍐 pear|🍊 tangerine|🍋 lemon|🍌 banana|🍉 watermelon|🍇 grapes|🍓 strawberry|🍈 melon|🍒 cherries|🍑 peach|🥭 mango|🍍 pineapple|🥥 coconut|🥝 kiwifruit|🍅 tomato|🥑 avocado|🍆 aubergine|🥔 potato|🥕 carrot|🌽 ear of maize|🌶️ hot pepper|🥒 cucumber|🥦 broccoli|🍄 mushroom|🥜 peanuts|🍞 bread|🥐 croissant|🥖 baguette bread|🥨 pretzel|🥞 pancakes|🧀 cheese wedge|🍖 meat on bone|🍗 poultry leg|🥓 bacon|🍔 hamburger|🍟 french fries|🍕 slice of pizza|🌭 hot dog|🥪 sandwich|🌮 taco|🌯 burrito|🥙 stuffed flatbread|🥚 egg|🍳 cooking|🥘 shallow pan of food|🍲 pot of food|🥣 bowl with spoon|🥗 green salad|🍿 popcorn|🍱 bento box|🍜 steaming bowl|🍝 spaghetti|🍣 sushi|🍤 fried shrimp|🍦 soft ice cream|🍧 shaved ice|🍨 ice cream|🍩 doughnut|🍪 cookie|🎂 birthday cake|🍰 shortcake|🧁 cupcake|🍫 chocolate bar|🍬 candy|🍭 lollipop|🍯 honey pot|🍼 baby bottle|☕ hot beverage coffee tea|🍵 teacup without handle|🧃 beverage box|🥤 cup with straw|🍺 beer mug|🍻 clinking beer mugs|🥂 clinking glasses|🍷 wine glass|🍸 cocktail glass|🍹 tropical drink|🍾 bottle with popping cork',
  ],
  [
    'Activities',
    '⚽ soccer ball|🏀 basketball and hoop|🏈 american football|⚾ baseball|🎾 tennis racquet and ball|🏐 volleyball|🏉 rugby football|🎱 billiards|🏓 table tennis paddle and ball|🏸 badminton racquet and shuttlecock|🥅 goal net|⛳ flag in hole|🎣 fishing pole and fish|🎿 ski and ski boot|🏂 snowboarder|🏆 trophy|🥇 first place medal|🥈 second place medal|🥉 third place medal|🏅 sports medal|🎖️ military medal|🎫 ticket|🎭 performing arts|🎨 artist palette|🎬 clapper board|🎤 microphone|🎧 headphone|🎹 musical keyboard|🥁 drum with drumsticks|🎷 saxophone|🎺 trumpet|🎸 guitar|🎻 violin|🎲 game die|🎯 direct hit|🎳 bowling|🎮 video game|🎰 slot machine|🧩 jigsaw puzzle piece|🎉 party popper tada|🎊 confetti ball|🎈 balloon|🎁 wrapped gift present|🎀 ribbon|🎄 christmas tree|🎃 jack-o-lantern|🎆 fireworks|✨ sparkles',
  ],
  [
    'Travel',
    '🚗 automobile|🚕 taxi|🚙 recreational vehicle|🚌 bus|🏎️ racing car|🚓 police car|🚑 ambulance|🚒 fire engine|🚚 delivery truck|🚜 tractor|🚲 bicycle|🛴 scooter|🏍️ racing motorcycle|🚨 police car light alert|🚦 vertical traffic light|🚧 construction|⚓️ anchor|⛵ sailboat|🚤 speedboat|🛳️ passenger ship|🚢 ship|✈️ airplane|🛫 airplane departure|🛬 airplane arriving|🚁 helicopter|🚀 rocket|🛸 flying saucer|🏠 house building|🏡 house with garden|🏢 office building|🏥 hospital|🏦 bank|🏨 hotel|🏪 convenience store|🏫 school|🏬 department store|🏭 factory|🏰 european castle|🗽 statue of liberty|🗼 tokyo tower|⛲ fountain|🏖️ beach with umbrella|🏝️ desert island|🏔️ snow capped mountain|🗺️ world map|🧭 compass',
  ],
  [
    'Objects',
    '⌚️ watch|📱 mobile phone|💻 laptop computer|⌨️ keyboard|🖥️ desktop computer|🖨️ printer|🖱️ three button mouse|💾 floppy disk|💿 optical disc|📷 camera|📹 video camera|🎥 movie camera|📞 telephone receiver|☎️ telephone|📺 television|📻 radio|⏰ alarm clock|⌛ hourglass|⏳ hourglass with flowing sand|🔋 battery|🔌 electric plug|💡 light bulb idea|🔦 electric torch|🕯️ candle|💵 banknote with dollar|💰 money bag|💳 credit card|💎 gem stone|⚖️ scales|🔧 wrench|🔨 hammer|🛠️ hammer and wrench|⚙️ gear|🔩 nut and bolt|🧰 toolbox|🧲 magnet|🔫 pistol|💣 bomb|🔪 hocho|🛡️ shield|🚬 smoking symbol|🔮 crystal ball|💊 pill|💉 syringe|🌡️ thermometer|🚽 toilet|🚿 shower|🛁 bathtub|🧹 broom|🧺 basket|🧻 roll of paper|🧼 bar of soap|🔑 key|🗝️ old key|🚪 door|🛏️ bed|🛋️ couch and lamp|🧸 teddy bear|🖼️ frame with picture|🛍️ shopping bags|🛒 shopping trolley|✉️ envelope|📩 envelope with downwards arrow above|📧 e-mail|📦 package|📫 closed mailbox with raised flag|📮 postbox|📝 memo|📄 page facing up|📃 page with curl|📑 bookmark tabs|📊 bar chart|📈 chart with upwards trend|📉 chart with downwards trend|📅 calendar|📆 tear-off calendar|📇 card index|📋 clipboard|📁 file folder|📂 open file folder|📰 newspaper|📓 notebook|📕 closed book|📖 open book|📚 books|🔖 bookmark|🔗 link|📎 paperclip attachment|📐 triangular ruler|📏 straight ruler|📌 pushpin|📍 round pushpin|✂️ scissors|🖊️ lower left ballpoint pen|🖋️ lower left fountain pen|✏️ pencil|🔍 magnifying glass search|🔎 right-pointing magnifying glass|🔒 locked|🔓 unlocked|🔔 bell|🔕 bell with cancellation stroke|📢 public address loudspeaker|📣 cheering megaphone',
  ],
  [
    'Symbols',
    '✅ check mark button done|✔️ check mark|☑️ ballot box with check|❌ cross mark|❎ negative squared cross mark|➕ heavy plus|➖ heavy minus|➗ heavy division|➰ curly loop|❓ question mark|❔ white question mark ornament|❕ white exclamation mark ornament|❗ exclamation mark|‼️ double exclamation mark|⁉️ exclamation question mark|⚠️ warning|🚫 prohibited|⛔ no entry|🛑 octagonal|♻️ universal recycling symbol|ℹ️ information source|🆕 squared new|🆗 squared ok|🆙 squared up with exclamation mark|🆒 squared cool|🆓 squared free|🆖 squared ng|🆘 squared sos|🔴 large red circle|🟠 large orange circle|🟡 large yellow circle|🟢 large green circle|🔵 large blue circle|🟣 large purple circle|⚫️ medium black circle|⚪️ medium white circle|🔶 large orange diamond|🔷 large blue diamond|🔺 up-pointing red triangle|🔻 down-pointing red triangle|➡️ rightwards arrow|⬅️ leftwards arrow|⬆️ upwards arrow|⬇️ downwards arrow|↗️ north east arrow|↘️ south east arrow|↙️ south west arrow|↖️ north west arrow|↕️ up down arrow|↔️ left right arrow|🔄 anticlockwise downwards and upwards open circle arrows|🔃 clockwise downwards and upwards open circle arrows|🔝 top with upwards arrow above|🔜 soon with rightwards arrow above|🎵 musical note|🎶 multiple musical notes|💲 heavy dollar|©️ copyright|®️ registered|™️ trade mark|🏁 chequered flag|🚩 triangular flag on post|🏳️ waving white flag|🏴 black flag',
  ],
];

/** Every group, parsed once. */
export const EMOJI_GROUPS: readonly EmojiGroup[] = RAW.map(([name, entries]) => ({
  name,
  emoji: entries.split('|').map((entry) => {
    const space = entry.indexOf(' ');
    return { char: entry.slice(0, space), name: entry.slice(space + 1) };
  }),
}));

/**
 * Emoji whose name has a word starting with each word of `query` (case-insensitive), in list
 * order, at most `limit`. An empty query finds nothing (the picker shows the groups instead).
 */
export function searchEmoji(query: string, limit = 80): Emoji[] {
  const words = query.toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found: Emoji[] = [];
  for (const group of EMOJI_GROUPS) {
    for (const e of group.emoji) {
      const nameWords = e.name.split(/[\s-]+/);
      if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) {
        found.push(e);
        if (found.length >= limit) return found;
      }
    }
  }
  return found;
}

/** Columns of the pickers' emoji grid (both composers). */
export const EMOJI_COLUMNS = 8;

/**
 * Where focus goes in a grid of `count` emoji when `key` is pressed on the one at `index`: arrows
 * move by one or by a row, Home/End to the ends; null for any other key (or when it would leave).
 */
export function gridMove(index: number, key: string, count: number, columns = EMOJI_COLUMNS): number | null {
  const to =
    key === 'ArrowRight'
      ? index + 1
      : key === 'ArrowLeft'
        ? index - 1
        : key === 'ArrowDown'
          ? index + columns
          : key === 'ArrowUp'
            ? index - columns
            : key === 'Home'
              ? 0
              : key === 'End'
                ? count - 1
                : null;
  if (to === null || to < 0 || to >= count) return null;
  return to;
}
