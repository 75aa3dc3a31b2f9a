/**
 * Short FAQ entries of a (fictional) Discord community around the game Starforge, its launcher and
 * its Forge+ subscription, each with questions worded the way members ask them: mostly in other
 * words than the entry uses. Written for this project.
 */
export interface FaqEntry {
  id: string;
  title: string;
  text: string;
  questions: string[];
}

export const FAQ: readonly FaqEntry[] = [
  {
    id: 'refund',
    title: 'Refunds for Forge+',
    text: 'You can get your money back for a Forge+ subscription within 14 days of the first payment, as long as you have used no more than two premium boosts. Open a ticket in #billing with the email on your receipt and a moderator will process it within three working days.',
    questions: [
      'I was charged for premium and want to undo that purchase, is that possible?',
      'how long do I have to change my mind and get reimbursed',
      'can I get a refund on my membership', 'hey guys, does anyone know if you can get your money back for forge+?',
    ],
  },
  {
    id: 'cancel',
    title: 'Cancelling Forge+',
    text: 'To stop the renewal, open the launcher, go to Account → Membership and press End membership. Your perks stay active until the end of the period you already paid for.',
    questions: [
      'how do I stop being billed every month',
      "I don't want premium anymore, where do I turn it off?",
    ],
  },
  {
    id: 'payment-methods',
    title: 'Accepted payment methods',
    text: 'We take Visa, Mastercard, PayPal and Apple Pay. Gift cards from the web shop can be redeemed too, but we cannot accept bank transfers or cryptocurrency.',
    questions: ['can I pay with bitcoin?', 'which cards work in the store', 'is paypal an option at checkout', 'sorry if this was asked already but do you accept apple pay'],
  },
  {
    id: 'double-charge',
    title: 'Charged twice',
    text: 'If your statement shows the same amount twice, one of them is usually a pending authorisation that your bank releases within five days. If both are still there after a week, send a screenshot of the statement to billing@starforge.gg.',
    questions: ['my bank took the money two times', 'there are two identical payments on my card, help'],
  },
  {
    id: 'password',
    title: 'Resetting your password',
    text: 'Click Forgot password on the login screen and enter your email; the reset link expires after 30 minutes. Check your spam folder if it does not arrive.',
    questions: [
      "I can't remember my login details and I'm locked out",
      'the mail to change my pw never showed up', "forgot my password and the reset email isn't coming, help pls",
    ],
  },
  {
    id: '2fa',
    title: 'Two-factor authentication',
    text: 'You can protect your account with an authenticator app under Settings → Security. Save the eight backup codes somewhere safe: support cannot remove 2FA without them.',
    questions: [
      'lost my phone with the code generator on it, how do I get back in',
      'how do I add an extra verification step when signing in',
    ],
  },
  {
    id: 'delete-account',
    title: 'Deleting your account',
    text: 'Account deletion is permanent and removes your progress, cosmetics and friends list. Request it from Settings → Privacy; it completes after a 7-day grace period during which you can log in to cancel it.',
    questions: ['I want my profile erased for good', 'how do I close my account permanently'],
  },
  {
    id: 'rename',
    title: 'Changing your display name',
    text: 'You can change your display name once every 30 days in the profile menu. Names with slurs or that impersonate staff are reset and may lead to a ban.',
    questions: ['can I rename myself?', 'how often am I allowed to pick a new nickname in game'],
  },
  {
    id: 'link-discord',
    title: 'Linking Discord to your game account',
    text: 'Type /link in #bot-commands and follow the button to authorise; your rank role appears within a few minutes. Unlinking is done with /unlink.',
    questions: [
      'how do I get my in-game division to show as a role here',
      'connect my starforge profile with this server',
    ],
  },
  {
    id: 'music-bot',
    title: 'Music bot',
    text: 'Our music bot, Tempo, only plays in the Lounge voice channels. Use /play with a song name or link, /skip to vote-skip, and /queue to see what is next.',
    questions: ['how do I put on some songs in vc', 'can the bot play tunes while we chat in voice'],
  },
  {
    id: 'bot-offline',
    title: 'The bot is not responding',
    text: "If a bot command does nothing, check the bot's status in #status; it restarts every day at 04:00 UTC for about two minutes. Slash commands also fail in channels where the bot lacks permissions, so try #bot-commands.",
    questions: ["commands aren't working, nothing happens when I type them", 'is the bot dead or something', 'yo is the bot down? /rank does nothing'],
  },
  {
    id: 'levels',
    title: 'Server levels and XP',
    text: 'You earn chat XP at most once per minute for messages in public channels, so spamming does not help. Level 10 unlocks image posting and level 25 gives access to the Veterans lounge.',
    questions: ["why can't I post pictures yet", 'how do I level up faster in this discord'],
  },
  {
    id: 'advertising',
    title: 'No advertising',
    text: 'Posting invites to other servers, selling accounts or promoting your stream outside #self-promo is not allowed. A first offence earns a warning, a second one a 24-hour timeout.',
    questions: ['am I allowed to share my twitch channel?', 'can I drop a link to my own community'],
  },
  {
    id: 'nsfw',
    title: 'Keep it safe for work',
    text: 'This is an all-ages community: no sexual content, gore or shock images anywhere, including profile pictures and nicknames. Breaking this rule means an immediate ban.',
    questions: ['are adult images allowed in any channel', 'what happens if my avatar is explicit'],
  },
  {
    id: 'appeal',
    title: 'Appealing a ban',
    text: "If you were banned, fill in the appeal form linked on the server's discovery page; appeals are read by two moderators who were not involved. You get an answer by email within 14 days, and you may appeal only once per ban.",
    questions: [
      'my friend got kicked out permanently, how can he ask to come back',
      'where do I send an unban request', 'how do I appeal my ban',
    ],
  },
  {
    id: 'report',
    title: 'Reporting someone',
    text: 'Use the /report command or right-click a message and choose Apps → Report to mods. Reports are private: the person you report is never told who sent it.',
    questions: ['someone keeps harassing me, what do I do', 'how do I tell staff about a player breaking the rules'],
  },
  {
    id: 'moderator',
    title: 'Becoming a moderator',
    text: 'Moderator applications open twice a year, in March and September, and are announced in #announcements. You must be at least 16, level 15 on the server and without warnings in the last six months.',
    questions: ['how can I join the mod team', 'when do mod applications open?', 'are you recruiting helpers for the staff'],
  },
  {
    id: 'crash',
    title: 'Game crashes on startup',
    text: "Most startup crashes are caused by outdated graphics drivers; update them from NVIDIA's, AMD's or Intel's site first. If it still crashes, run the launcher's Repair files option and send us the crash log from %APPDATA%\\Starforge\\logs.",
    questions: ['the game closes immediately after I open it', "won't launch, it just shuts down on me"],
  },
  {
    id: 'requirements',
    title: 'System requirements',
    text: 'Starforge needs 64-bit Windows 10 or newer, 8 GB of RAM and a graphics card with 4 GB of video memory, such as a GTX 1650. About 35 GB of free disk space is needed, and an SSD is strongly recommended.',
    questions: ['will it run on my old laptop?', 'what pc specs do I need to play'],
  },
  {
    id: 'mac-linux',
    title: 'Mac and Linux',
    text: 'There is no native macOS or Linux version. The game runs on the Steam Deck through Proton, but the anti-cheat blocks most virtual machines.',
    questions: ['can I play on my macbook', 'does starforge work on linux or mac at all', 'is ubuntu supported'],
  },
  {
    id: 'ranked',
    title: 'Unlocking ranked',
    text: 'Ranked matchmaking unlocks at account level 20, once you have won ten unranked matches. Placement takes five games, after which you receive your starting division.',
    questions: ["why can't I queue competitive yet", 'when do I get access to the ladder', "I'm level 12, why is ranked locked for me?"],
  },
  {
    id: 'season',
    title: 'Season reset',
    text: 'Each competitive season lasts about three months. At the reset everyone drops two divisions, and season rewards are delivered to your in-game mailbox within 48 hours.',
    questions: [
      'what happens to my rank when the new season starts',
      'when do I get the end of season prizes',
    ],
  },
  {
    id: 'lag',
    title: 'High ping and lag',
    text: 'Pick the server region closest to you in Settings → Network, and prefer a cable over Wi-Fi. The in-game network graph (Ctrl+N) shows whether the spikes come from your side or ours.',
    questions: ['my connection feels laggy during matches', 'how do I reduce latency', 'anyone else getting 200 ping on EU servers? what can I do about it'],
  },
  {
    id: 'cross-progress',
    title: 'Cross-platform progress',
    text: 'Your progress, skins and currency follow your Starforge account on PC and console once you log in with the same account. Purchases made on PlayStation cannot be used on Xbox because of platform rules.',
    questions: ['will my stuff carry over if I switch to xbox', 'do I keep my items on a different device'],
  },
  {
    id: 'launcher-download',
    title: 'Installing the launcher',
    text: 'Download the Forge Launcher installer only from starforge.gg/download; copies from other sites are not supported and may contain malware. The installer needs administrator rights and about 300 MB.',
    questions: ['where can I get the official app safely', 'is it ok to grab the setup file from a mirror site'],
  },
  {
    id: 'update-stuck',
    title: 'Update stuck at 99%',
    text: 'When an update freezes near the end, the launcher is usually verifying files, which can take ten minutes on a hard disk. If nothing changes after 20 minutes, restart the launcher and it resumes where it stopped.',
    questions: ['the patch download has been frozen for ages', "progress bar doesn't move anymore", 'hi, my update has been stuck at 99% for half an hour, is that normal?'],
  },
  {
    id: 'api',
    title: 'Developer API keys',
    text: 'Community tools can use the public stats API with a personal key from the developer portal. Keys are limited to 100 requests per minute and must never be shared or committed to a public repository.',
    questions: [
      "I'm building a stats website, how do I access player data",
      "what's the rate limit for third party apps",
    ],
  },
  {
    id: 'bugs',
    title: 'Reporting a bug',
    text: 'Post bugs in the #bug-reports forum, one thread per bug: what you did, what happened, what you expected, and a clip or screenshot if you can. Search first, and add a thumbs-up to an existing thread instead of posting a duplicate.',
    questions: ['found a glitch, where do I tell the devs', 'there is a hole in the map you can fall through, who should know'],
  },
  {
    id: 'events',
    title: 'Community events',
    text: 'Every Friday at 19:00 UTC we run a community night with custom lobbies, and once a month there is a tournament with prizes. Sign-ups open in #events on the Monday before.',
    questions: ['when are the weekly game nights', 'how do I enter the monthly competition'],
  },
  {
    id: 'giveaways',
    title: 'Giveaways',
    text: 'Giveaways are run only by staff in #giveaways, and winners are contacted by a staff member from this server, never by a stranger in DMs. Anyone asking you to pay a fee to claim a prize is scamming you.',
    questions: ['a guy messaged me saying I won free nitro, is that real?', 'how do I know if a prize message is legit'],
  },
  {
    id: 'languages',
    title: 'Other languages',
    text: 'English is required in the main channels so that moderators can follow along. Spanish, French, German and Portuguese speakers have their own channels in the International category.',
    questions: ['can I talk in spanish here', 'is there a place for french speakers'],
  },
  {
    id: 'boosting',
    title: 'Server boosting perks',
    text: 'Members who boost the server get a pink name, access to #booster-lounge and can add one custom emoji per month. The perks disappear automatically when the boost ends.',
    questions: ['what do I get for boosting', 'does nitro boosting give me anything here'],
  },
  {
    id: 'gift',
    title: 'Gifting Forge+',
    text: 'You can buy Forge+ as a gift in the web shop and send the code to a friend; codes never expire. A gift cannot be refunded once its code has been redeemed.',
    questions: ['can I buy premium for my buddy', 'is it possible to give someone a subscription as a present'],
  },
  {
    id: 'data-export',
    title: 'Downloading your data',
    text: 'Under Settings → Privacy → Download my data you can request a copy of everything we store about you. The archive arrives by email within 30 days as a ZIP of JSON files.',
    questions: ['GDPR request for my information', 'how can I get a copy of what you know about me'],
  },
  {
    id: 'hacked',
    title: 'Hacked or compromised account',
    text: 'If someone else got into your Starforge account, reset your password at once and sign out all sessions under Settings → Security. Then open a ticket with your account name and the last purchase you made; support can restore items that were removed in the last 30 days.',
    questions: [
      'someone logged into my account and sold all my skins',
      'hey all, I think my account got stolen, what should I do first?',
      'my login was used from another country and my stuff is gone',
    ],
  },
  {
    id: 'email-change',
    title: 'Changing the email on your account',
    text: 'You can change the email address of your Starforge account under Settings → Account → Email. A confirmation link is sent to both the old and the new address, and the change only takes effect once the old address confirms it.',
    questions: ['how do I update the mail address I signed up with', "I no longer use my old gmail, can I move my account to a new one"],
  },
  {
    id: 'roles',
    title: 'Picking your roles',
    text: 'Go to #roles and press the buttons to choose your region, your platform and the announcements you want to be pinged for. You can change them at any time; the rank role comes from /link and cannot be picked by hand.',
    questions: ['how do I get the EU tag next to my name', 'where can I choose which notifications ping me', 'quick question, how do you get the playstation role?'],
  },
  {
    id: 'lfg',
    title: 'Finding people to play with',
    text: 'Use the looking-for-group channels, one per region, and start your post with your rank and the mode you want to play. The /lfg command creates a temporary voice channel that anyone can join and that disappears when it is empty.',
    questions: ['where do people look for teammates on here', "I have no friends who play, how do I find a squad", 'is there a channel to find randoms to queue with'],
  },
  {
    id: 'cheater',
    title: 'Reporting a cheater in a match',
    text: 'Report cheaters from the in-game scoreboard: press Tab, pick the player and choose Report → Cheating, ideally during the match. The anti-cheat team reviews every report; we cannot ban game accounts from Discord, so clips posted here do not speed things up.',
    questions: ['there was an aimbotter in my last game, how do I get him banned', 'what should I do about a guy using wallhacks', 'does posting a clip of a hacker here help?'],
  },
  {
    id: 'controller',
    title: 'Controller support',
    text: 'Starforge supports Xbox and PlayStation controllers on PC with full button prompts. Controller players are matched with mouse-and-keyboard players in unranked only; ranked queues keep them apart, and aim assist is turned off when you plug in a mouse.',
    questions: ['can I use a gamepad on pc', 'are controller users put in the same lobbies as keyboard players', 'does the game have aim assist'],
  },
  {
    id: 'servers-down',
    title: 'Is the game down?',
    text: 'Check status.starforge.gg before anything else: it shows outages and planned maintenance for every region. Maintenance happens on Tuesdays at 08:00 UTC and usually takes an hour; during that time you cannot log in.',
    questions: ["can't log in to the game right now, is it just me?", 'are the servers having problems today', 'when is the weekly maintenance'],
  },
  {
    id: 'dm-staff',
    title: 'Contacting the staff',
    text: 'Please do not send direct messages to moderators: open a ticket with the button in #support instead, so that any available staff member can pick it up and nothing gets lost. Tickets are answered within a day, usually much faster.',
    questions: ['who do I talk to if I need a mod', 'is it ok to DM an admin about a problem', 'how do I reach the team privately'],
  },
  {
    id: 'creator',
    title: 'Creator program',
    text: 'Streamers and video makers with at least 500 followers can apply for the creator program through the form in #creators. Members get a Creator role, early access to patch notes and codes for their viewers.',
    questions: ['I stream starforge on twitch, is there some partner thing I can join', 'how do youtubers get the special role'],
  },
  {
    id: 'age',
    title: 'Minimum age',
    text: 'You must be at least 13 years old to use this server, as Discord requires. Accounts of younger players are banned until they are old enough, and moderators may ask for no proof beyond what you tell them.',
    questions: ['my little brother is 11, can he join', 'is there an age requirement here'],
  },
  {
    id: 'game-language',
    title: 'Changing the game language',
    text: 'The game language is set in the launcher under Settings → Language and applies after a restart. Voice lines are available in English, French, German and Japanese; if you pick another language, the voices stay in English.',
    questions: ['how do I switch starforge to german', 'can I have the operators speak japanese'],
  },
  {
    id: 'vpn',
    title: 'Using a VPN',
    text: 'Playing through a VPN is allowed, but it usually adds latency and can make the anti-cheat ask you to verify your account by email. Changing region with a VPN to buy items at a lower price is against the terms and can lead to a refund of the purchase and a warning.',
    questions: ['will I get banned for playing with nordvpn on', 'is it allowed to buy stuff cheaper from another country'],
  },
  {
    id: 'currency',
    title: 'Buying Sparks',
    text: 'Sparks, the in-game currency, are bought in the shop in packs from 500 to 10,000, with bonus Sparks on the larger packs. Sparks cannot be converted back to money or transferred to another player.',
    questions: ['how much does the premium currency cost', 'can I send some of my sparks to a friend'],
  },
  {
    id: 'clips',
    title: 'Sharing clips',
    text: 'Share your best plays in #clips as a file of up to 50 MB or as a link to YouTube, Twitch or Medal. Only one clip per post, and clips of other players must not be used to mock them.',
    questions: ['where can I show off my highlight from last night', 'what is the max file size for a video upload here'],
  },
];
